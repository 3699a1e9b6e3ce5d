/** @module The stylesheet and the favicon, served by the app itself (no CDN). */
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';

const FILES = [
  ['/static/style.css', 'style.css', 'text/css; charset=utf-8'],
  ['/favicon.ico', 'favicon.ico', 'image/x-icon'],
] as const;

/** `GET /static/style.css` and `GET /favicon.ico`, read once at start. */
export function staticRoutes(app: Hono): void {
  for (const [path, file, type] of FILES) {
    const body = readFileSync(new URL(`../static/${file}`, import.meta.url));
    app.get(path, (c) => c.body(body, 200, { 'Content-Type': type }));
  }
}
