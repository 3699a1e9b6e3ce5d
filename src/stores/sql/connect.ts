/**
 * @module Stores from URLs: `DATABASE_URL` (`sqlite:PATH` or `postgres://…`) and, optionally,
 * `REDIS_URL`, each with the invalidation channel that lets many processes share them.
 */
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { LatchkeyError } from '../../errors.js';
import { createLocalInvalidationChannel } from '../local-invalidation.js';
import type { InvalidationChannel, Stores } from '../types.js';
import type { LatchkeyDatabase, SqlStoreOptions } from './schema.js';
import { createSqlStores } from './stores.js';

/** Where a database lives, read from a `DATABASE_URL`. */
export type DatabaseLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** Options for {@link connectStores} and {@link openLatchkeyDatabase}. */
export interface ConnectOptions extends SqlStoreOptions {
  /** `sqlite:PATH` (`sqlite::memory:` for a private in-memory database) or `postgres://…`. */
  readonly databaseUrl: string;
  /**
   * `redis://…` to keep sessions, tokens and throttle counters in Redis (revocations then go
   * over Redis pub/sub); unset keeps them in SQL. The SQL database still opens for the app.
   */
  readonly redisUrl?: string | null;
  /** Prefix of every Redis key and of the channel; default `latchkey:`. */
  readonly redisPrefix?: string;
  /** PostgreSQL pool size per process. Default 10. */
  readonly poolSize?: number;
  /**
   * PostgreSQL `application_name` of every connection (so operators can find them in
   * `pg_stat_activity`). Default `latchkey`, unless the URL names one.
   */
  readonly applicationName?: string;
  /** Told about connection errors that nothing awaits (an idle connection dropped). */
  readonly onError?: (error: unknown) => void;
  /**
   * False for an in-process channel only: one process, or sessions kept elsewhere (Redis)
   * whose own channel carries the revocations. Default true.
   */
  readonly crossProcess?: boolean;
}

/** What {@link connectStores} opened; `close()` releases all of it. */
export interface ConnectedStores {
  readonly location: DatabaseLocation;
  /** The SQL database (Latchkey's tables; an app may keep its own beside them). */
  readonly db: Kysely<LatchkeyDatabase>;
  readonly stores: Stores;
  /** The channel the session store announces revocations on. */
  readonly invalidation: InvalidationChannel;
  close(): Promise<void>;
}

/** How long {@link connectStores} waits for PostgreSQL to accept its LISTEN. */
const LISTEN_TIMEOUT_MS = 10_000;
/** How long {@link connectStores} waits for Redis to be ready before going on without it. */
const REDIS_START_WAIT_MS = 5_000;

/**
 * Reads a `DATABASE_URL`; `null` when it is neither `sqlite:PATH` nor `postgres(ql)://…`.
 *
 * @example parseDatabaseUrl('sqlite:./data/app.db'); // { kind: 'sqlite', path: './data/app.db' }
 */
export function parseDatabaseUrl(url: string): DatabaseLocation | null {
  if (/^sqlite:.+/.test(url)) return { kind: 'sqlite', path: url.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\/.+/.test(url)) return { kind: 'postgres', url };
  return null;
}

/**
 * Opens the database alone, without stores or channel (to run migrations, say).
 *
 * @example
 * const db = await openLatchkeyDatabase({ databaseUrl: 'sqlite:app.db' });
 * await migrateLatchkey(db);
 * await db.destroy();
 */
export async function openLatchkeyDatabase(
  options: ConnectOptions,
): Promise<Kysely<LatchkeyDatabase>> {
  const location = locate(options.databaseUrl);
  if (location.kind === 'sqlite') {
    // Loaded on demand, so a PostgreSQL deployment needs no native SQLite build (and back).
    const { openSqliteDatabase } = await import('./sqlite.js');
    return openSqliteDatabase<LatchkeyDatabase>(location.path);
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    ...postgresConnection(location.url, options),
    max: options.poolSize ?? 10,
  });
  // A connection the server ends (pg_terminate_backend, a restart) emits `error`: on the pool
  // while idle, on the client itself while checked out between queries. Unheard, either one
  // would end the process; heard, the pool drops the connection and makes a new one.
  pool.on('error', (error) => options.onError?.(error));
  pool.on('connect', (client) => client.on('error', (error) => options.onError?.(error)));
  return new Kysely<LatchkeyDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Opens the stores a `DATABASE_URL` (and `REDIS_URL`) points to, on a migrated database, with
 * the channel that fits: the SQLite change log for a file, LISTEN/NOTIFY on PostgreSQL.
 *
 * @example
 * const { stores, db, close } = await connectStores({ databaseUrl: process.env.DATABASE_URL });
 * const manager = new LoginManager({ stores, userLoader });
 */
export async function connectStores(options: ConnectOptions): Promise<ConnectedStores> {
  const location = locate(options.databaseUrl);
  const db = await openLatchkeyDatabase(options);
  if (options.redisUrl) return withRedis(location, db, options.redisUrl, options);
  let invalidation: InvalidationChannel;
  try {
    invalidation = await openInvalidationChannel(location, db, options);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const stores = createSqlStores(db, { ...options, invalidation });
  return connected(location, db, stores, invalidation, async () => {});
}

/** The opened stores, with a `close` that runs once: the channel, `closeOwn`, then the database. */
function connected(
  location: DatabaseLocation,
  db: Kysely<LatchkeyDatabase>,
  stores: Stores,
  invalidation: InvalidationChannel,
  closeOwn: () => Promise<void>,
): ConnectedStores {
  let closing: Promise<void> | null = null;
  return {
    location,
    db,
    stores,
    invalidation,
    close() {
      closing ??= (async () => {
        await invalidation.close?.();
        await closeOwn();
        await db.destroy();
      })();
      return closing;
    },
  };
}

async function withRedis(
  location: DatabaseLocation,
  db: Kysely<LatchkeyDatabase>,
  url: string,
  options: ConnectOptions,
): Promise<ConnectedStores> {
  // Loaded on demand, so a deployment without Redis needs no ioredis.
  const { Redis } = await import('ioredis');
  const { createRedisInvalidationChannel, createRedisStores } = await import('../redis/index.js');
  // Fail fast while Redis is away: nothing queues, and no request waits over two seconds.
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  redis.on('error', (error) => options.onError?.(error));
  // Commands fail at once until the connection is ready; give it a moment, but a Redis that
  // is down now is no reason to refuse to start (its stores answer `store_unavailable`).
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, REDIS_START_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const prefix = options.redisPrefix;
  const invalidation = createRedisInvalidationChannel(redis, {
    ...(prefix ? { prefix } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const stores = createRedisStores(redis, { ...(prefix ? { prefix } : {}), invalidation });
  return connected(location, db, stores, invalidation, async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
}

/**
 * The revocation channel the stores on `db` announce on and hear from, as {@link connectStores}
 * opens it: the SQLite change log beside a file, LISTEN/NOTIFY on PostgreSQL. For a short-lived
 * process (the admin CLI) that writes to the same database as running apps.
 *
 * @example const invalidation = await openInvalidationChannel(location, db, { databaseUrl });
 */
export async function openInvalidationChannel(
  location: DatabaseLocation,
  db: Kysely<LatchkeyDatabase>,
  options: ConnectOptions,
): Promise<InvalidationChannel> {
  const onError = options.onError;
  if (options.crossProcess === false) return createLocalInvalidationChannel();
  if (location.kind === 'sqlite') {
    // A private in-memory database has no other process to tell.
    if (location.path === ':memory:') return createLocalInvalidationChannel();
    const { createSqliteInvalidationChannel } = await import('./sqlite-channel.js');
    return createSqliteInvalidationChannel({ ...options, path: location.path });
  }
  const { createPostgresInvalidationChannel } = await import('./postgres-channel.js');
  const channel = createPostgresInvalidationChannel({
    connection: postgresConnection(location.url, options),
    db,
    channel: await channelName(db, options.tablePrefix),
    ...(onError ? { onError } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LatchkeyError('store_failure', 'PostgreSQL did not accept LISTEN in time.')),
      LISTEN_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([channel.ready, timeout]);
  } catch (error) {
    await channel.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return channel;
}

function locate(url: string): DatabaseLocation {
  const location = parseDatabaseUrl(url);
  if (location === null) {
    throw new LatchkeyError('config_invalid', 'A database URL is sqlite:PATH or postgres://….');
  }
  return location;
}

function postgresConnection(url: string, options: ConnectOptions) {
  let named = false;
  try {
    named = new URL(url).searchParams.has('application_name');
  } catch {
    // pg reads URLs that WHATWG does not; it names the problem when it connects.
  }
  return {
    connectionString: url,
    ...(named ? {} : { application_name: options.applicationName ?? 'latchkey' }),
  };
}

/**
 * NOTIFY channels are per database, not per schema: stores in another schema (or with another
 * table prefix) get their own channel, so they never hear each other's revocations.
 */
async function channelName(db: Kysely<LatchkeyDatabase>, prefix = 'latchkey_'): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  if (schema === 'public' && prefix === 'latchkey_') return 'latchkey_invalidation';
  const scope = createHash('sha256').update(`${schema}.${prefix}`).digest('hex').slice(0, 16);
  return `latchkey_invalidation_${scope}`;
}
