/**
 * What only Fastify needs checking, through `inject()`: the plugin reaches routes in
 * encapsulated child plugins, the socket address comes from the request's socket,
 * cookies the app sets itself survive, and a missing plugin is a clear error.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { latchkey, loginRequired } from '../../src/adapters/fastify.js';
import { LatchkeyError } from '../../src/errors.js';
import { loginAs } from '../../src/testing/index.js';
import { setCookieNamed } from '../support/set-cookie.js';
import { notch, type TestUser } from '../support/users.js';
import { testManager } from './parity/parity-app.js';

describe('the Fastify adapter', () => {
  it('one registration reaches routes inside encapsulated child plugins', async () => {
    const manager = testManager();
    const app = Fastify();
    await app.register(latchkey(manager));
    await app.register(
      async (child) => {
        child.get('/secret', { preHandler: loginRequired() }, async (request) => {
          return `secret for ${(request.user as TestUser).name}`;
        });
      },
      { prefix: '/area' },
    );
    const cookie = await loginAs(manager, notch);
    const allowed = await app.inject({ url: '/area/secret', headers: { cookie } });
    expect(allowed.body).toBe('secret for Notch');
    const denied = await app.inject({ url: '/area/secret' });
    expect(denied.statusCode).toBe(401);
    expect(denied.json()).toEqual({ error: 'login_required' });
  });

  it('records the socket address, not a forged X-Forwarded-For, on the session', async () => {
    const manager = testManager();
    const app = Fastify();
    await app.register(latchkey(manager));
    app.post('/login', async (request) => {
      await request.auth.login(notch);
      return 'in';
    });
    await app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '192.0.2.44',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect((await manager.listSessions('1'))[0]?.address).toBe('192.0.2.44');
  });

  it('with trustProxy: 1, the address is the hop the proxy appended', async () => {
    const app = Fastify();
    await app.register(latchkey(testManager({ trustProxy: 1 })));
    app.get('/address', async (request) => ({ address: request.auth.clientAddress }));
    const response = await app.inject({
      url: '/address',
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' },
    });
    expect(response.json()).toEqual({ address: '203.0.113.9' });
  });

  it('a cookie the app sets itself is kept beside Latchkey’s', async () => {
    const app = Fastify();
    await app.register(latchkey(testManager()));
    app.get('/login', async (request, reply) => {
      await request.auth.login(notch);
      return reply.header('set-cookie', 'theme=dark').send('in');
    });
    const response = await app.inject({ url: '/login' });
    const lines = [response.headers['set-cookie'] ?? []].flat();
    expect(setCookieNamed(lines, 'theme')?.value).toBe('dark');
    expect(setCookieNamed(lines, 'session')).toBeDefined();
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('a 404 for an unknown route answers normally and sets no cookie', async () => {
    const app = Fastify();
    await app.register(latchkey(testManager()));
    const response = await app.inject({ url: '/nowhere', headers: { cookie: 'session=%zz' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('a guard without the plugin throws LatchkeyError config_invalid', async () => {
    const app = Fastify();
    let seen: unknown = null;
    app.setErrorHandler((error, _request, reply) => {
      seen = error;
      return reply.code(500).send({ code: 'failed' });
    });
    app.get('/secret', { preHandler: loginRequired() }, async () => 'secret');
    const response = await app.inject({ url: '/secret' });
    expect(response.statusCode).toBe(500);
    expect(seen).toBeInstanceOf(LatchkeyError);
    expect((seen as LatchkeyError).code).toBe('config_invalid');
  });
});
