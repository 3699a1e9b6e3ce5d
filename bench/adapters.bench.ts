/**
 * Each adapter's cost on its own framework: a bare route (the baseline) against the
 * same route behind the middleware and `loginRequired`, with a cached session (the
 * steady state). Transports as in the parity suite: Hono's `app.request()`, Express
 * behind a real server on 127.0.0.1 (one kept-alive connection), Fastify's `inject()`.
 * Compare within a group only. Run: `npx vitest bench --run bench/adapters.bench.ts`.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, bench, describe } from 'vitest';
import * as expressAdapter from '../src/adapters/express.js';
import * as fastifyAdapter from '../src/adapters/fastify.js';
import * as honoAdapter from '../src/adapters/hono.js';
import { LoginManager } from '../src/core/manager.js';
import { loginAs } from '../src/testing/index.js';

interface User {
  readonly id: string;
}

const alice: User = { id: '1' };
const manager = new LoginManager<User>({ userLoader: (id) => (id === alice.id ? alice : null) });
const cookie = await loginAs(manager, alice);
const headers = { cookie, 'user-agent': 'bench' };
const BENCH = { time: 1000, warmupTime: 300 };
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET over a kept-alive connection (lighter than fetch, so the server's share shows). */
function get(url: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
    })
      .on('error', reject)
      .end();
  });
}

function ok(response: { status: number } | { statusCode: number }): void {
  const status = 'status' in response ? response.status : response.statusCode;
  if (status !== 200) throw new Error(`expected 200, got ${status}`);
}

const bareHono = new Hono().get('/secret', (c) => c.text('ok'));
const guardedHono = new Hono().use(honoAdapter.latchkey(manager));
guardedHono.get('/secret', honoAdapter.loginRequired(), (c) => c.text('ok'));

const expressApps = [express(), express().use(expressAdapter.latchkey(manager))] as const;
expressApps[0].get('/secret', (_req, res) => {
  res.send('ok');
});
expressApps[1].get('/secret', expressAdapter.loginRequired(), (_req, res) => {
  res.send('ok');
});
const [bareExpress, guardedExpress] = await Promise.all(
  expressApps.map(async (app) => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/secret` };
  }),
);

const bareFastify = Fastify();
bareFastify.get('/secret', async () => 'ok');
const guardedFastify = Fastify();
await guardedFastify.register(fastifyAdapter.latchkey(manager));
guardedFastify.get('/secret', { preHandler: fastifyAdapter.loginRequired() }, async () => 'ok');
await Promise.all([bareFastify.ready(), guardedFastify.ready()]);

// Bind the session to the bench client on every app before timing.
ok(await guardedHono.request('/secret', { headers }));
ok(await get(guardedExpress?.url ?? ''));
ok(await guardedFastify.inject({ url: '/secret', headers }));

afterAll(async () => {
  agent.destroy();
  for (const app of [bareExpress, guardedExpress]) {
    app?.server.closeAllConnections();
    app?.server.close();
  }
  await Promise.all([bareFastify.close(), guardedFastify.close()]);
});

describe('Hono (app.request)', () => {
  bench(
    'baseline: bare route',
    async () => ok(await bareHono.request('/secret', { headers })),
    BENCH,
  );
  bench(
    'loginRequired, cached session',
    async () => {
      ok(await guardedHono.request('/secret', { headers }));
    },
    BENCH,
  );
});

describe('Express (real server, kept-alive connection)', () => {
  bench(
    'baseline: bare route',
    async () => {
      ok(await get(bareExpress?.url ?? ''));
    },
    BENCH,
  );
  bench(
    'loginRequired, cached session',
    async () => {
      ok(await get(guardedExpress?.url ?? ''));
    },
    BENCH,
  );
});

describe('Fastify (inject)', () => {
  bench(
    'baseline: bare route',
    async () => {
      ok(await bareFastify.inject({ url: '/secret', headers }));
    },
    BENCH,
  );
  bench(
    'loginRequired, cached session',
    async () => {
      ok(await guardedFastify.inject({ url: '/secret', headers }));
    },
    BENCH,
  );
});
