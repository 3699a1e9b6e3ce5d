/**
 * @module A Latchkey LoginManager over the store the runner names (`BENCH_STORE`: memory,
 * sqlite, postgres, redis), the seeded user, and the login check every Latchkey app shares.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { LoginManager } from '../../../src/core/manager.js';
import type { RequestAuth } from '../../../src/core/request-auth.js';
import { dummyVerify, hashPassword, verifyPassword } from '../../../src/password/index.js';
import { createMemoryStores } from '../../../src/stores/memory/index.js';
import {
  createSqlStores,
  type LatchkeyDatabase,
  migrateLatchkey,
} from '../../../src/stores/sql/index.js';
import { openSqliteDatabase } from '../../../src/stores/sql/sqlite-entry.js';
import type { Stores } from '../../../src/stores/types.js';
import { BENCH_USER, wantsRemember } from './fixture.js';
import { seededSession } from './seed-sessions.js';

/** The application's user type in every Latchkey app. */
export interface BenchUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
}

const user: BenchUser = { ...BENCH_USER, passwordHash: await hashPassword(BENCH_USER.password) };
const byId = new Map([[user.id, user]]);
const byEmail = new Map([[user.email, user]]);

interface OpenedStores {
  readonly stores: Stores;
  readonly close: () => Promise<void>;
}

async function openStores(kind: string): Promise<OpenedStores> {
  if (kind === 'memory') return { stores: createMemoryStores(), close: async () => {} };
  if (kind === 'sqlite') {
    const file =
      process.env.BENCH_SQLITE_FILE ?? join(mkdtempSync(join(tmpdir(), 'latchkey-bench-')), 'b.db');
    const db = openSqliteDatabase<LatchkeyDatabase>(file);
    await migrateLatchkey(db);
    return { stores: createSqlStores(db), close: () => db.destroy() };
  }
  if (kind === 'postgres') return openPostgres();
  if (kind === 'redis') return openRedis();
  throw new Error(`unknown BENCH_STORE ${kind}`);
}

/**
 * A throwaway schema of this process's own, dropped on exit. Its tables also get a prefix of
 * their own: Kysely's migrator looks for its bookkeeping tables in every schema, so a sibling
 * app's schema (or a test run's) would otherwise make it skip creating them here.
 */
async function openPostgres(): Promise<OpenedStores> {
  const url = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('BENCH_STORE=postgres needs BENCH_POSTGRES_URL or TEST_POSTGRES_URL');
  const unique = randomBytes(6).toString('hex');
  const schema = `latchkey_bench_${unique}`;
  const tablePrefix = `bench_${unique}_`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
  const db = new Kysely<LatchkeyDatabase>({ dialect: new PostgresDialect({ pool }) });
  await migrateLatchkey(db, { tablePrefix });
  return {
    stores: createSqlStores(db, { tablePrefix }),
    close: async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    },
  };
}

/** A key prefix of this process's own; its keys are removed on exit (the server is shared). */
async function openRedis(): Promise<OpenedStores> {
  const url = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!url) throw new Error('BENCH_STORE=redis needs BENCH_REDIS_URL or TEST_REDIS_URL');
  // Loaded only here, so the other stores' apps (and older sources, for bench:compare) need neither.
  const { Redis } = await import('ioredis');
  const { createRedisStores } = await import('../../../src/stores/redis/index.js');
  const prefix = `latchkey-bench:${randomBytes(6).toString('hex')}:`;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const stores = createRedisStores(redis, { prefix });
  // Until the channel is subscribed the caches are not trusted: wait, as a deployed app would.
  for (let i = 0; i < 100 && !(stores.sessions.invalidation?.isLive?.() ?? true); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    stores,
    close: async () => {
      await stores.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}

/** Seeds `count` sessions straight into the store; heap figures are taken after a full GC. */
async function seedSessions(stores: Stores, count: number): Promise<Record<string, number>> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const now = Date.now();
  for (let index = 0; index < count; index++) {
    await stores.sessions.create(seededSession(index, now));
  }
  gc?.();
  const after = process.memoryUsage();
  return {
    seeded: count,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    rssBefore: before.rss,
    rssAfter: after.rss,
  };
}

/** The manager and what the app needs around it. */
export interface LatchkeyStack {
  readonly manager: LoginManager<BenchUser>;
  /** Heap and RSS around seeding, when `BENCH_SEED_SESSIONS` asked for it. */
  readonly seeding: Record<string, number>;
  readonly close: () => Promise<void>;
}

/**
 * Opens the store named by `BENCH_STORE` and builds the manager (every option at its default).
 *
 * @example const { manager } = await latchkeyStack();
 */
export async function latchkeyStack(): Promise<LatchkeyStack> {
  const opened = await openStores(process.env.BENCH_STORE ?? 'memory');
  const cacheOff = process.env.BENCH_CACHE === 'off';
  const manager = new LoginManager<BenchUser>({
    userLoader: (id) => byId.get(id) ?? null,
    stores: opened.stores,
    ...(cacheOff ? { cache: { maxSessions: 0, maxUsers: 0 } } : {}),
  });
  const toSeed = Number(process.env.BENCH_SEED_SESSIONS ?? 0);
  const seeding = toSeed > 0 ? await seedSessions(opened.stores, toSeed) : {};
  return { manager, seeding, close: opened.close };
}

/**
 * The login form's check: argon2id through Latchkey's hasher (a dummy verify for an unknown
 * address), then `auth.login`. True when the user is now logged in.
 *
 * @example if (!(await attemptLogin(c.var.auth, await c.req.parseBody()))) return c.text('no', 401);
 */
export async function attemptLogin(
  auth: RequestAuth<BenchUser>,
  form: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  const found = typeof form.email === 'string' ? byEmail.get(form.email) : undefined;
  const password = typeof form.password === 'string' ? form.password : '';
  const ok = found ? await verifyPassword(found.passwordHash, password) : await dummyVerify();
  if (!ok || !found) return false;
  return auth.login(found, { remember: wantsRemember(form.remember) });
}
