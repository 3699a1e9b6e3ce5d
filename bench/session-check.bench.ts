/**
 * The hot path, side by side in one run: a bare Hono route (the baseline), the
 * same route behind Latchkey's middleware, and an authenticated request through
 * `loginRequired` — cached (the steady state) and with the caches turned off (a
 * store round trip to SQLite per request). Run: `npm run bench:micro`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bench, describe } from 'vitest';
import { latchkey, loginRequired } from '../src/adapters/hono.js';
import { LoginManager } from '../src/core/manager.js';
import { parseCookieHeader } from '../src/http/cookies.js';
import { createSqlStores, migrateLatchkey } from '../src/stores/sql/index.js';
import { openSqliteDatabase } from '../src/stores/sql/sqlite-entry.js';
import { loginAs } from '../src/testing/index.js';

interface User {
  readonly id: string;
  readonly name: string;
}

const alice: User = { id: '1', name: 'Alice' };
const userLoader = (id: string) => (id === alice.id ? alice : null);

function bare(withNoopMiddleware: boolean): Hono {
  const app = new Hono();
  if (withNoopMiddleware) app.use(async (_c, next) => next());
  app.get('/secret', (c) => c.text('ok'));
  return app;
}

function guarded(manager: LoginManager<User>): Hono {
  const app = new Hono();
  app.use(latchkey(manager));
  app.get('/public', (c) => c.text('ok'));
  app.get('/secret', loginRequired(), (c) => c.text('ok'));
  return app;
}

const db = openSqliteDatabase(join(mkdtempSync(join(tmpdir(), 'latchkey-bench-')), 'bench.db'));
await migrateLatchkey(db);
const cached = new LoginManager<User>({ userLoader, stores: createSqlStores(db) });
const uncached = new LoginManager<User>({
  userLoader,
  stores: createSqlStores(db),
  cache: { maxSessions: 0, maxUsers: 0 },
});
const cachedCookie = await loginAs(cached, alice);
const uncachedCookie = await loginAs(uncached, alice);
const bareApp = bare(false);
const noopApp = bare(true);
const cachedApp = guarded(cached);
const uncachedApp = guarded(uncached);
const headers = (cookie: string) => ({ headers: { cookie, 'user-agent': 'bench' } });
// Bind each session to the bench client before timing.
await cachedApp.request('/secret', headers(cachedCookie));
await uncachedApp.request('/secret', headers(uncachedCookie));

describe('one request', () => {
  bench('baseline: bare Hono route', async () => {
    await bareApp.request('/secret', headers(cachedCookie));
  });
  bench('bare Hono route behind a no-op middleware', async () => {
    await noopApp.request('/secret', headers(cachedCookie));
  });
  bench('latchkey middleware, route that does not touch the user', async () => {
    await cachedApp.request('/public', headers(cachedCookie));
  });
  bench('loginRequired, cached session (steady state)', async () => {
    const response = await cachedApp.request('/secret', headers(cachedCookie));
    if (response.status !== 200) throw new Error(`expected 200, got ${response.status}`);
  });
  bench('loginRequired, caches off (SQLite read per request)', async () => {
    const response = await uncachedApp.request('/secret', headers(uncachedCookie));
    if (response.status !== 200) throw new Error(`expected 200, got ${response.status}`);
  });
});

const coreView = {
  method: 'GET',
  url: 'http://bench.test/secret',
  header: (name: string) =>
    name === 'cookie' ? cachedCookie : name === 'user-agent' ? 'bench' : null,
  remoteAddress: null,
};

describe('the core alone, no framework', () => {
  bench('baseline: parse the Cookie header', () => {
    parseCookieHeader(cachedCookie);
  });
  bench('cached session check: begin, check, flush', async () => {
    const auth = cached.begin(coreView);
    const outcome = await auth.check();
    if (outcome.action !== 'allow') throw new Error('expected allow');
    auth.setCookieHeaders();
  });
});
