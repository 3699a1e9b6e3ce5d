/**
 * @module The database the command line works on, from DATABASE_URL as the app reads it, with
 * the stores on it. This one file chooses drivers and channels, so the stores factory can take
 * its place without touching a command.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { AccountsDatabase } from '../accounts/sql/schema.js';
import type { LatchkeyDatabase } from '../stores/sql/schema.js';
import { createSqlStores } from '../stores/sql/stores.js';
import type { Stores } from '../stores/types.js';
import { CliError, usageError } from './cli-error.js';

/** Latchkey's tables and the accounts' tables, which the app keeps in one database. */
export type CliDatabase = LatchkeyDatabase & AccountsDatabase;

/** Where DATABASE_URL points. */
export type DatabaseLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** An open database and the stores on it; `close()` releases both. */
export interface OpenDatabase {
  readonly location: DatabaseLocation;
  readonly db: Kysely<CliDatabase>;
  readonly stores: Stores;
  close(): Promise<void>;
}

/** The app's default, so the command line finds the database the app created. */
const DEFAULT_DATABASE_URL = 'sqlite:./data/app.db';

/**
 * Reads DATABASE_URL (`sqlite:PATH` or `postgres://…`, default `sqlite:./data/app.db`) and
 * refuses REDIS_URL, as the app does while it keeps everything in the database.
 *
 * @example readDatabaseLocation({ DATABASE_URL: 'sqlite:/srv/app.db' }) // { kind: 'sqlite', … }
 */
export function readDatabaseLocation(
  env: Readonly<Record<string, string | undefined>>,
): DatabaseLocation {
  if (env.REDIS_URL) {
    throw usageError(
      'REDIS_URL is set, but Redis stores are not available yet: unset it to keep everything in the database.',
    );
  }
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (/^sqlite:.+/.test(url)) return { kind: 'sqlite', path: url.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\/.+/.test(url)) return { kind: 'postgres', url };
  throw usageError('DATABASE_URL must be sqlite:PATH or postgres://…');
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
  const db =
    location.kind === 'sqlite'
      ? await openSqlite(location.path, options.create)
      : await openPostgres(location.url);
  // The stores need only their own tables of the shared database.
  const stores = createSqlStores(db as unknown as Kysely<LatchkeyDatabase>);
  return {
    location,
    db,
    stores,
    async close() {
      await stores.sessions.invalidation?.close?.();
      await db.destroy();
    },
  };
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
