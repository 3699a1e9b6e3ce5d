/** @module The passkey pages' scripts, served by the app: its own, and @simplewebauthn/browser's bundle from node_modules (no CDN, no build step). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';

const JS = 'text/javascript; charset=utf-8';

/** `GET /static/passkeys.js` and `GET /static/simplewebauthn-browser.js`, read once at start. */
export function passkeyStaticRoutes(app: Hono): void {
  // The package exports only its entry; its UMD bundle sits two folders beside that entry.
  const entry = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
  const bundle = readFileSync(join(dirname(entry), '..', 'dist', 'bundle', 'index.umd.min.js'));
  const script = readFileSync(new URL('../static/passkeys.js', import.meta.url));
  app.get('/static/simplewebauthn-browser.js', (c) => c.body(bundle, 200, { 'Content-Type': JS }));
  app.get('/static/passkeys.js', (c) => c.body(script, 200, { 'Content-Type': JS }));
}
