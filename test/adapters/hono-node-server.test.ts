/**
 * The Hono adapter behind a real Node HTTP server on loopback: the client
 * address comes from the socket (never from X-Forwarded-For by default), and
 * cookies cross a real HTTP exchange.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latchkey, loginRequired } from '../../src/adapters/hono.js';
import { LoginManager } from '../../src/core/manager.js';
import { memoryStores } from '../../src/testing/index.js';

interface User {
  readonly id: string;
}

const manager = new LoginManager<User>({
  userLoader: (id) => ({ id }),
  stores: memoryStores(),
  protection: 'strong',
});
const app = new Hono();
app.use(latchkey(manager));
app.post('/login', async (c) => {
  await c.var.auth.login({ id: '7' });
  return c.text('in');
});
app.get('/secret', loginRequired(), (c) => c.text('secret'));

let server: ReturnType<typeof serve>;
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

describe('Hono adapter on a real Node server', () => {
  it('records the socket address, not a forged X-Forwarded-For, on the session', async () => {
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(login.status).toBe(200);
    const [session] = await manager.listSessions('7');
    expect(session?.address).toBe('127.0.0.1');
  });

  it('a changed X-Forwarded-For does not trip strong protection when no proxy is trusted', async () => {
    const login = await fetch(`${base}/login`, { method: 'POST' });
    const cookie = cookieOf(login);
    const secret = await fetch(`${base}/secret`, {
      headers: { cookie, 'x-forwarded-for': '198.51.100.1', accept: 'application/json' },
    });
    expect(secret.status).toBe(200);
    expect(await secret.text()).toBe('secret');
  });

  it('a cookie-setting answer carries Cache-Control: no-store and an HttpOnly session cookie', async () => {
    const login = await fetch(`${base}/login`, { method: 'POST' });
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.headers.getSetCookie().join('\n')).toMatch(
      /^session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/m,
    );
  });
});
