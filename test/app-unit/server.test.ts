/**
 * The app as `startApp` builds it, beyond the HTTP contract's own tests: secure cookie names
 * under an https PUBLIC_URL, the development outbox (and its absence in production), the health
 * check failing when the database does not answer, and a clean close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/database.js';
import { healthzRoutes } from '../../app/routes/healthz.js';
import { type RunningApp, startApp } from '../../app/server.js';

const running: RunningApp[] = [];
const folders: string[] = [];

async function start(env: Record<string, string>): Promise<RunningApp> {
  const folder = mkdtempSync(join(tmpdir(), 'latchkey-server-'));
  folders.push(folder);
  const app = await startApp({
    env: {
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: `sqlite:${join(folder, 'app.db')}`,
      LOG_LEVEL: 'silent',
      ...env,
    },
    logger: pino({ level: 'silent' }),
  });
  running.push(app);
  return app;
}

afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Cookies as a browser keeps them between requests (names and values only). */
class Jar {
  readonly #cookies = new Map<string, string>();
  keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.#cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }
  get header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function tokenOf(response: Response): Promise<string> {
  const match = /name="csrf_token" value="([^"]+)"/.exec(await response.text());
  if (!match?.[1]) throw new Error('no csrf_token on the page');
  return match[1];
}

describe('startApp', () => {
  it('with an https PUBLIC_URL, the session and remember cookies are Secure and __Host- prefixed', async () => {
    const app = await start({ PUBLIC_URL: 'https://accounts.example.test' });
    const jar = new Jar();
    const get = async (path: string) =>
      jar.keep(
        await fetch(`${app.url}${path}`, { headers: { cookie: jar.header }, redirect: 'manual' }),
      );
    const post = async (path: string, fields: Record<string, string>) =>
      jar.keep(
        await fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields),
          redirect: 'manual',
        }),
      );
    const password = 'violet harbour lantern meadow';
    const email = 'secure-cookies@example.test';
    const registered = await post('/auth/register', {
      csrf_token: await tokenOf(await get('/auth/register')),
      email,
      username: 'securecookies',
      password,
      password2: password,
    });
    expect(registered.status).toBe(302);
    // The development outbox lists the mail with its link under PUBLIC_URL.
    const outbox = await (await get('/dev/outbox')).text();
    const link = /https:\/\/accounts\.example\.test(\/auth\/confirm\/[\w.-]+)/.exec(outbox);
    expect(link?.[1]).toBeDefined();
    expect((await get(link?.[1] ?? '/')).status).toBe(302);
    const loggedIn = await post('/auth/login', {
      csrf_token: await tokenOf(await get('/auth/login')),
      email,
      password,
      remember_me: 'y',
    });
    expect(loggedIn.status).toBe(302);
    const cookies = loggedIn.headers.getSetCookie();
    expect(cookies.find((line) => line.startsWith('__Host-session='))).toMatch(/; Secure/);
    expect(cookies.find((line) => line.startsWith('__Host-remember_token='))).toMatch(/; Secure/);
  });

  it('serves no /dev/outbox in production, nor when mail goes over SMTP', async () => {
    const production = await start({ NODE_ENV: 'production', SECRET_KEY: 'p'.repeat(40) });
    expect((await fetch(`${production.url}/dev/outbox`)).status).toBe(404);
    const smtp = await start({ SMTP_URL: 'smtp://127.0.0.1:9' });
    expect((await fetch(`${smtp.url}/dev/outbox`)).status).toBe(404);
    const development = await start({});
    expect((await fetch(`${development.url}/dev/outbox`)).status).toBe(200);
  });

  it('close() stops listening and is safe to call twice', async () => {
    const app = await start({});
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    await Promise.all([app.close(), app.close()]);
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });
});

describe('/healthz', () => {
  it('answers 503 once the database no longer answers', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'latchkey-health-'));
    folders.push(folder);
    const db = await openDatabase({ kind: 'sqlite', path: join(folder, 'app.db') });
    const app = new Hono();
    healthzRoutes(app, { db });
    expect((await app.request('/healthz')).status).toBe(200);
    await db.destroy();
    const reply = await app.request('/healthz');
    expect(reply.status).toBe(503);
    expect(await reply.json()).toEqual({ status: 'unavailable', database: 'unavailable' });
  });
});
