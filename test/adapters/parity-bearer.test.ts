/**
 * `bearerRequired` through every adapter, with identical expectations: a genuine token of an
 * active user with the route's scope opens it and names its owner and token; no token, a
 * forged one, a revoked one, an inactive owner's give 401 `invalid_token` with
 * `WWW-Authenticate: Bearer`; a token without the scope gives 403 `insufficient_scope`; and a
 * browser's session cookie opens nothing.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as expressAdapter from '../../src/adapters/express.js';
import * as fastifyAdapter from '../../src/adapters/fastify.js';
import * as honoAdapter from '../../src/adapters/hono.js';
import { ApiTokens } from '../../src/core/api-tokens.js';
import type { BearerOptions } from '../../src/core/bearer.js';
import { MemoryApiTokenStore } from '../../src/stores/memory/index.js';
import { loginAs } from '../../src/testing/index.js';
import { type TestUser, userTable } from '../support/users.js';
import { injectFetch } from './parity/inject-fetch.js';
import { type Fetch, testManager } from './parity/parity-app.js';

const users = userTable();
const manager = testManager({}, users);
const tokens = new ApiTokens({ store: new MemoryApiTokenStore() });
const options: BearerOptions<TestUser> = {
  scope: 'profile:read',
  loadUser: (id) => manager.loadUser(id),
  isUserActive: (user) => user.isActive,
};
const answer = (user: TestUser, token: { id: string }) => ({ name: user.name, tokenId: token.id });

interface Mounted {
  readonly fetch: Fetch;
  close(): Promise<void>;
}

async function mountHono(): Promise<Mounted> {
  const app = new Hono();
  app.use(honoAdapter.latchkey(manager));
  app.get('/api/me', honoAdapter.bearerRequired(tokens, options), (c) =>
    c.json(answer(c.var.user as TestUser, c.var.apiToken)),
  );
  return { fetch: async (path, init) => app.request(path, init), close: async () => {} };
}

async function mountExpress(): Promise<Mounted> {
  const app = express();
  app.use(expressAdapter.latchkey(manager));
  app.get('/api/me', expressAdapter.bearerRequired(tokens, options), (_req, res) => {
    res.json(answer(res.locals.user as TestUser, res.locals.apiToken));
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fetch: (path, init) => fetch(base + path, init),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function mountFastify(): Promise<Mounted> {
  const app = Fastify();
  await app.register(fastifyAdapter.latchkey(manager));
  app.get('/api/me', { preHandler: fastifyAdapter.bearerRequired(tokens, options) }, (request) =>
    answer(request.user as TestUser, request.apiToken),
  );
  await app.ready();
  return { fetch: injectFetch(app), close: () => app.close() };
}

const FRAMEWORKS = [
  { framework: 'Hono', mount: mountHono },
  { framework: 'Express', mount: mountExpress },
  { framework: 'Fastify', mount: mountFastify },
] as const;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(FRAMEWORKS)('bearerRequired on $framework', ({ mount }) => {
  let app: Mounted;
  beforeAll(async () => {
    app = await mount();
  });
  afterAll(async () => {
    await app.close();
  });

  async function expectRefused(
    headers: Record<string, string>,
    status: 401 | 403,
    error: string,
  ): Promise<Response> {
    const response = await app.fetch('/api/me', { headers });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    return response;
  }

  it('a genuine token with the scope opens the route and names its owner and the token', async () => {
    const { token, info } = await tokens.issue('1', { name: 'ci', scopes: ['profile:read'] });
    const response = await app.fetch('/api/me', { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'Notch', tokenId: info.id });
  });

  it('no token, a malformed or a forged one answer 401 invalid_token with WWW-Authenticate: Bearer', async () => {
    await expectRefused({}, 401, 'invalid_token');
    await expectRefused({ authorization: 'Basic Zm9vOmJhcg==' }, 401, 'invalid_token');
    const { token } = await tokens.issue('1', { name: 'ci', scopes: ['profile:read'] });
    await expectRefused(bearer(`${token.slice(0, -2)}xx`), 401, 'invalid_token');
  });

  it('a revoked token and an inactive owner’s token answer 401', async () => {
    const { token, info } = await tokens.issue('2', { name: 'ci', scopes: ['profile:read'] });
    expect((await app.fetch('/api/me', { headers: bearer(token) })).status).toBe(200);
    expect(await tokens.revoke('2', info.id)).toBe(true);
    await expectRefused(bearer(token), 401, 'invalid_token');
    const inactive = await tokens.issue('3', { name: 'ci', scopes: ['profile:read'] });
    await expectRefused(bearer(inactive.token), 401, 'invalid_token');
  });

  it('a token without the route’s scope answers 403 insufficient_scope, naming the scope', async () => {
    const { token } = await tokens.issue('1', { name: 'ci', scopes: ['other'] });
    const response = await expectRefused(bearer(token), 403, 'insufficient_scope');
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="profile:read"',
    );
  });

  it('a browser’s session cookie opens nothing', async () => {
    const notch = users.get('1') as TestUser;
    await expectRefused({ cookie: await loginAs(manager, notch) }, 401, 'invalid_token');
  });
});
