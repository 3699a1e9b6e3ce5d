/**
 * The app as `startApp` builds it, beyond the HTTP contract's own tests (which cover cookies,
 * the dev outbox and start-up): static files the same on every request, the health check failing
 * when the database does not answer, and a clean close.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openStores } from '../../app/database.js';
import { healthzRoutes } from '../../app/routes/healthz.js';
import { type RunningApp, startApp } from '../../app/server.js';

const running: RunningApp[] = [];
const folders: string[] = [];

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'latchkey-server-'));
  folders.push(folder);
  return folder;
}

async function start(): Promise<RunningApp> {
  const app = await startApp({
    env: { HOST: '127.0.0.1', PORT: '0', DATABASE_URL: `sqlite:${join(tempFolder(), 'app.db')}` },
    logger: pino({ level: 'silent' }),
  });
  running.push(app);
  return app;
}

afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('startApp', () => {
  it('serves the stylesheet and the favicon byte for byte, request after request', async () => {
    const app = await start();
    for (const [path, file] of [
      ['/static/style.css', 'style.css'],
      ['/favicon.ico', 'favicon.ico'],
    ] as const) {
      const expected = readFileSync(new URL(`../../app/static/${file}`, import.meta.url));
      for (let round = 0; round < 2; round++) {
        const reply = await fetch(`${app.url}${path}`);
        expect(reply.status, path).toBe(200);
        expect(Buffer.from(await reply.arrayBuffer()).equals(expected), path).toBe(true);
      }
    }
  });

  it('close() stops listening and is safe to call twice', async () => {
    const app = await start();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    await Promise.all([app.close(), app.close()]);
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });
});

describe('/healthz', () => {
  it('answers 503 once the database no longer answers', async () => {
    const target = { kind: 'sqlite', path: join(tempFolder(), 'app.db') } as const;
    await migrateDatabase(target);
    const { db, close } = await openStores(target, pino({ level: 'silent' }));
    const app = new Hono();
    healthzRoutes(app, { db });
    expect((await app.request('/healthz')).status).toBe(200);
    await close();
    const reply = await app.request('/healthz');
    expect(reply.status).toBe(503);
    expect(await reply.json()).toEqual({ status: 'unavailable', database: 'unavailable' });
  });
});
