/**
 * What only Express needs checking, on a real server on 127.0.0.1 (port 0): the
 * socket address, headers handed straight to writeHead, mounted routers, Express's
 * own `trust proxy` scheme, and errors reaching Express's error handler.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { latchkey, loginRequired } from '../../src/adapters/express.js';
import { LatchkeyError } from '../../src/errors.js';
import { setCookieNamed } from '../support/set-cookie.js';
import { notch } from '../support/users.js';
import { testManager } from './parity/parity-app.js';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Serves the app on 127.0.0.1, port 0; answers a fetch that never follows redirects. */
async function serve(app: Express) {
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return (path: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, redirect: 'manual' });
}

const reportErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(500).json({ code: error instanceof LatchkeyError ? error.code : 'other' });
};

describe('the Express adapter on a real server', () => {
  it('records the socket address, not a forged X-Forwarded-For, on the session', async () => {
    const manager = testManager();
    const app = express().use(latchkey(manager));
    app.post('/login', async (req, res) => {
      await req.auth.login(notch);
      res.send('in');
    });
    const request = await serve(app);
    await request('/login', { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect((await manager.listSessions('1'))[0]?.address).toBe('127.0.0.1');
  });

  it('with trustProxy: 1, the address is the hop the proxy appended', async () => {
    const manager = testManager({ trustProxy: 1 });
    const app = express().use(latchkey(manager));
    app.get('/address', (req, res) => {
      res.json({ address: req.auth.clientAddress });
    });
    const request = await serve(app);
    const response = await request('/address', {
      headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' },
    });
    expect(await response.json()).toEqual({ address: '203.0.113.9' });
  });

  it('cookies the app hands to writeHead itself are kept beside Latchkey’s', async () => {
    const manager = testManager();
    const app = express().use(latchkey(manager));
    app.get('/object', async (req, res) => {
      await req.auth.login(notch);
      res.writeHead(200, { 'Set-Cookie': 'theme=dark', 'Content-Type': 'text/plain' });
      res.end('object');
    });
    app.get('/array', async (req, res) => {
      await req.auth.login(notch);
      res.writeHead(200, 'OK', ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']);
      res.end('array');
    });
    const request = await serve(app);
    const object = await request('/object');
    expect(await object.text()).toBe('object');
    expect(object.headers.get('content-type')).toBe('text/plain');
    expect(setCookieNamed(object.headers.getSetCookie(), 'theme')?.value).toBe('dark');
    expect(setCookieNamed(object.headers.getSetCookie(), 'session')).toBeDefined();
    const array = await request('/array');
    const names = array.headers.getSetCookie().map((line) => line.split('=')[0]);
    expect(names).toEqual(['a', 'b', 'session']);
  });

  it('a router mounted under a prefix puts the whole original path in next', async () => {
    const manager = testManager({ loginView: '/login' });
    const app = express().use(latchkey(manager));
    const router = express.Router();
    router.get('/secret', loginRequired(), (_req, res) => {
      res.send('secret');
    });
    app.use('/area', router);
    const request = await serve(app);
    const response = await request('/area/secret?x=1');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?next=%2Farea%2Fsecret%3Fx%3D1');
  });

  it.each([
    [true, 'https'],
    [false, 'http'],
  ])(
    'with trust proxy %s, X-Forwarded-Proto: https puts %s in an absolute next',
    async (trust, scheme) => {
      const manager = testManager({ loginView: 'https://sso.test/login' });
      const app = express().set('trust proxy', trust).use(latchkey(manager));
      app.get('/secret', loginRequired(), (_req, res) => {
        res.send('secret');
      });
      const request = await serve(app);
      const response = await request('/secret', { headers: { 'x-forwarded-proto': 'https' } });
      const next = new URL(response.headers.get('location') ?? '').searchParams.get('next');
      expect(next).toMatch(new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+/secret$`));
    },
  );

  it('a guard without the middleware hands LatchkeyError config_invalid to the error handler', async () => {
    const app = express();
    app.get('/secret', loginRequired(), (_req, res) => {
      res.send('secret');
    });
    app.use(reportErrors);
    const request = await serve(app);
    const response = await request('/secret');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: 'config_invalid' });
  });

  it('a custom handler that throws reaches the error handler, not an unhandled rejection', async () => {
    const manager = testManager();
    const app = express().use(latchkey(manager));
    app.get(
      '/secret',
      loginRequired({
        onUnauthorized: async () => {
          throw new Error('handler broke');
        },
      }),
      (_req, res) => {
        res.send('secret');
      },
    );
    app.use(reportErrors);
    const request = await serve(app);
    const response = await request('/secret');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: 'other' });
  });

  it('an answer that changes no cookie keeps the app’s own Cache-Control', async () => {
    const app = express().use(latchkey(testManager()));
    app.get('/cached', (_req, res) => {
      res.set('Cache-Control', 'public, max-age=60').send('cached');
    });
    const request = await serve(app);
    const response = await request('/cached');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
