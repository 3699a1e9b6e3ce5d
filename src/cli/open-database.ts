/**
 * @module The database the command line works on, from DATABASE_URL and REDIS_URL as the app
 * reads them, with the stores on it. This one file chooses drivers and channels, so a shared
 * stores factory can take its place without touching a command.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { AccountsDatabase } from '../accounts/sql/schema.js';
import {
  type DatabaseLocation,
  openInvalidationChannel,
  parseDatabaseUrl,
} from '../stores/sql/connect.js';
import type { LatchkeyDatabase } from '../stores/sql/schema.js';
import { createSqlStores } from '../stores/sql/stores.js';
import type { Stores } from '../stores/types.js';
import { CliError, usageError } from './cli-error.js';

/** Latchkey's tables and the accounts' tables, which the app keeps in one database. */
export type CliDatabase = LatchkeyDatabase & AccountsDatabase;

/** Where REDIS_URL points: sessions, tokens, throttles and the revocation channel live there. */
export interface RedisLocation {
  readonly url: string;
  readonly prefix: string;
}

/** An open database and the stores on it (in Redis when REDIS_URL is set); `close()` releases all. */
export interface OpenDatabase {
  readonly location: DatabaseLocation;
  readonly redis: RedisLocation | null;
  readonly db: Kysely<CliDatabase>;
  readonly stores: Stores;
  close(): Promise<void>;
}

/** The app's default, so the command line finds the database the app created. */
const DEFAULT_DATABASE_URL = 'sqlite:./data/app.db';
const DEFAULT_REDIS_PREFIX = 'latchkey:';

/**
 * Reads DATABASE_URL (`sqlite:PATH` or `postgres://…`, default `sqlite:./data/app.db`).
 *
 * @example readDatabaseLocation({ DATABASE_URL: 'sqlite:/srv/app.db' }) // { kind: 'sqlite', … }
 */
export function readDatabaseLocation(
  env: Readonly<Record<string, string | undefined>>,
): DatabaseLocation {
  const location = parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL);
  if (location === null) throw usageError('DATABASE_URL must be sqlite:PATH or postgres://…');
  return location;
}

/**
 * Reads REDIS_URL (`redis://…` or `rediss://…`) and REDIS_PREFIX (default `latchkey:`) under the
 * app's rules; null when REDIS_URL is unset.
 *
 * @example readRedisLocation({ REDIS_URL: 'redis://127.0.0.1:6379' }) // { url, prefix: 'latchkey:' }
 */
export function readRedisLocation(
  env: Readonly<Record<string, string | undefined>>,
): RedisLocation | null {
  if (!env.REDIS_URL) return null;
  if (!/^rediss?:\/\/.+/.test(env.REDIS_URL)) {
    throw usageError('REDIS_URL must look like redis://host:port or rediss://…');
  }
  const prefix = env.REDIS_PREFIX || DEFAULT_REDIS_PREFIX;
  if (!/^[^\s{}\p{Cc}]{1,64}$/u.test(prefix)) {
    throw usageError(
      'REDIS_PREFIX must be 1 to 64 characters without spaces, braces or control characters.',
    );
  }
  return { url: env.REDIS_URL, prefix };
}

/**
 * Names a location for messages, without a password.
 *
 * @example describeLocation({ kind: 'postgres', url: 'postgres://app:pw@db/app' }) // 'postgres://app@db/app'
 */
export function describeLocation(location: DatabaseLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${location.path}`;
  try {
    const url = new URL(location.url);
    url.password = '';
    return url.href.replace(/\?.*$/, '');
  } catch {
    return 'postgres://…';
  }
}

/**
 * Opens the database at DATABASE_URL with the stores on it. A SQLite file must exist unless
 * `create` is set (only `db migrate` creates one), so a typo never leaves an empty file behind.
 *
 * @example const opened = await openDatabase(io.env, { create: false }); … await opened.close();
 */
export async function openDatabase(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly create: boolean },
): Promise<OpenDatabase> {
  const location = readDatabaseLocation(env);
  const redis = readRedisLocation(env);
  const db =
    location.kind === 'sqlite'
      ? await openSqlite(location.path, options.create)
      : await openPostgres(location.url);
  try {
    const stores = redis
      ? await openRedisStores(redis)
      : await openSqlStores(location, db as unknown as Kysely<LatchkeyDatabase>);
    return {
      location,
      redis,
      db,
      stores,
      async close() {
        await stores.sessions.invalidation?.close?.();
        await stores.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** The app's Redis stores and channel on one connection; a Redis that does not answer is a failure. */
async function openRedisStores(
  location: RedisLocation,
): Promise<Stores & { close(): Promise<void> }> {
  const { Redis } = await loadDriver(() => import('ioredis'), 'ioredis');
  const { createRedisStores } = await import('../stores/redis/stores.js');
  const redis = new Redis(location.url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    // One command run: no reconnecting in the background once it has given up.
    retryStrategy: () => null,
  });
  // The connection's own error (ECONNREFUSED, a bad password) says more than "Connection is closed".
  let cause: unknown;
  redis.on('error', (error: unknown) => {
    cause ??= error;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const first = cause ?? error;
    const reason = first instanceof Error ? first.message : String(first);
    throw new CliError(`Redis at ${describeRedis(location.url)} did not answer (${reason}).`);
  }
  const stores = createRedisStores(redis, { prefix: location.prefix });
  return {
    ...stores,
    async close() {
      // The channel first: a revocation published above has been sent once `publish` resolved.
      await stores.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * The SQL stores with the app's own revocation channel (the SQLite change log, or PostgreSQL
 * NOTIFY), so a session ended here is refused by every running app process at once, not when
 * its cache entry runs out.
 */
async function openSqlStores(
  location: DatabaseLocation,
  db: Kysely<LatchkeyDatabase>,
): Promise<Stores & { close(): Promise<void> }> {
  const url = location.kind === 'sqlite' ? `sqlite:${location.path}` : location.url;
  const invalidation = await openInvalidationChannel(location, db, { databaseUrl: url });
  return { ...createSqlStores(db, { invalidation }), close: async () => {} };
}

function describeRedis(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.href;
  } catch {
    return 'redis://…';
  }
}

async function openSqlite(path: string, create: boolean): Promise<Kysely<CliDatabase>> {
  if (!existsSync(path)) {
    if (!create) {
      throw new CliError(
        `There is no database at ${path}: set DATABASE_URL, or run "latchkey db migrate" to create it.`,
      );
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  const { openSqliteDatabase } = await loadDriver(
    () => import('../stores/sql/sqlite.js'),
    'better-sqlite3',
  );
  return openSqliteDatabase<CliDatabase>(path);
}

async function openPostgres(url: string): Promise<Kysely<CliDatabase>> {
  const { default: pg } = await loadDriver(() => import('pg'), 'pg');
  const { Kysely, PostgresDialect } = await import('kysely');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // An idle connection that drops has nobody to tell; the next query reports the failure itself.
  pool.on('error', () => {});
  return new Kysely<CliDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Loads a database driver, or fails saying which package to install.
 *
 * @example const { default: pg } = await loadDriver(() => import('pg'), 'pg');
 */
export async function loadDriver<T>(load: () => Promise<T>, name: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new CliError(`This database needs the ${name} package: npm install ${name}`);
    }
    throw error;
  }
}
