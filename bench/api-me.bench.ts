/**
 * `GET /api/me` with a bearer token beside `GET /profile` with a session cookie, on SQLite, in
 * one run: a bare route is the baseline; both authenticated routes should cost no store round
 * trip in steady state (verified tokens and users come from the in-process caches), so they sit
 * close to each other and far from the uncached token check. Compare within the group only.
 * Run: `npx vitest bench --run bench/api-me.bench.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import { bench, describe } from 'vitest';
import {
  type Account,
  accountLoginOptions,
  createSqlAccountStore,
  createSqlApiTokenStore,
  migrateAccounts,
} from '../src/accounts/index.js';
import { latchkey, loginRequired } from '../src/adapters/hono.js';
import { ApiTokens } from '../src/core/api-tokens.js';
import { checkBearer } from '../src/core/bearer.js';
import { LoginManager } from '../src/core/manager.js';
import { createSqlStores, migrateLatchkey } from '../src/stores/sql/index.js';
import { openSqliteDatabase } from '../src/stores/sql/sqlite-entry.js';
import { loginAs } from '../src/testing/index.js';

const db = openSqliteDatabase(join(mkdtempSync(join(tmpdir(), 'latchkey-bench-api-')), 'b.db'));
await migrateLatchkey(db);
await migrateAccounts(db);
const store = createSqlAccountStore(db);
const manager = new LoginManager<Account>({
  ...accountLoginOptions(store),
  stores: createSqlStores(db as never),
});
const created = await store.create({
  id: 'bench-user',
  email: 'bench@example.test',
  username: 'bench',
  passwordHash: 'unused',
  createdAt: Date.now(),
});
if (typeof created === 'string') throw new Error(created);
const cached = new ApiTokens({
  store: createSqlApiTokenStore(db),
  invalidation: manager.invalidation,
});
const uncached = new ApiTokens({ store: createSqlApiTokenStore(db), cache: { maxTokens: 0 } });
const { token } = await cached.issue(created.id, { name: 'bench', scopes: ['profile:read'] });

function bearerRoute(tokens: ApiTokens) {
  return async (c: Context) => {
    const outcome = await checkBearer(tokens, c.req.header('authorization'), {
      scope: 'profile:read',
      loadUser: (id) => manager.loadUser(id),
    });
    if (outcome.action === 'deny') return c.json(outcome.body, outcome.status);
    return c.json({ username: outcome.user.username, email: outcome.user.email });
  };
}

const app = new Hono();
app.use(latchkey(manager));
app.get('/bare', (c) => c.json({ username: 'bench', email: 'bench@example.test' }));
app.get('/profile', loginRequired(), (c) => {
  const account = c.var.user as unknown as Account;
  return c.json({ username: account.username, email: account.email });
});
app.get('/api/me', bearerRoute(cached));
app.get('/api/me-uncached', bearerRoute(uncached));

const cookie = await loginAs(manager, created);
const withCookie = { headers: { cookie, 'user-agent': 'bench' } };
const withToken = { headers: { authorization: `Bearer ${token}`, 'user-agent': 'bench' } };
// Bind the session to the bench client and fill the caches before timing.
await app.request('/profile', withCookie);
await app.request('/api/me', withToken);

const BENCH = { time: 1500, warmupTime: 500 };

async function expectOk(path: string, init: RequestInit): Promise<void> {
  const response = await app.request(path, init);
  if (response.status !== 200) throw new Error(`${path}: expected 200, got ${response.status}`);
}

describe('who is this: a page by session cookie, the API by bearer token', () => {
  bench(
    'baseline: bare Hono route answering the same JSON',
    async () => {
      await expectOk('/bare', withCookie);
    },
    BENCH,
  );
  bench(
    'GET /profile with a session cookie (cached session and user)',
    async () => {
      await expectOk('/profile', withCookie);
    },
    BENCH,
  );
  bench(
    'GET /api/me with a bearer token (cached token and user)',
    async () => {
      await expectOk('/api/me', withToken);
    },
    BENCH,
  );
  bench(
    'GET /api/me with the token cache off (a SQLite read per request)',
    async () => {
      await expectOk('/api/me-uncached', withToken);
    },
    BENCH,
  );
});
