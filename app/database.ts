/**
 * @module The app's database and stores: embedded SQLite (the default) or PostgreSQL, brought up
 * to date once, then opened with the invalidation channel that lets several processes share it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import { migrateAccounts } from '../src/accounts/index.js';
import {
  type ConnectedStores,
  connectStores,
  type LatchkeyDatabase,
  migrateLatchkey,
  openLatchkeyDatabase,
} from '../src/stores/sql/index.js';
import type { DatabaseTarget } from './config.js';

/** Latchkey's tables and the accounts' users table share one database. */
export type AppDatabase = Kysely<LatchkeyDatabase>;

/** Where PostgreSQL operators find this app's connections (`pg_stat_activity`). */
const APPLICATION_NAME = 'latchkey-app';
const MIGRATION_ATTEMPTS = 3;

/**
 * Runs Latchkey's and the accounts' migrations on a connection of its own (creating the SQLite
 * file and its folder on first start). Once per start, before any worker opens the stores.
 *
 * @example await migrateDatabase({ kind: 'sqlite', path: './data/app.db' });
 */
export async function migrateDatabase(target: DatabaseTarget): Promise<void> {
  const db = await openLatchkeyDatabase(connectOptions(target));
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await migrateLatchkey(db);
        await migrateAccounts(db);
        return;
      } catch (error) {
        // Two processes starting at once on a new PostgreSQL database both create the
        // migration tables, and one loses that race; by its next try the tables are there.
        if (attempt === MIGRATION_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Opens the migrated database with Latchkey's stores on it; `close()` releases both. Without
 * `invalidation` the stores announce revocations in this process only (Redis carries them).
 *
 * @example const { db, stores, close } = await openStores(config.database, logger);
 */
export function openStores(
  target: DatabaseTarget,
  logger: Logger,
  options: { invalidation?: boolean } = {},
): Promise<ConnectedStores> {
  return connectStores({
    ...connectOptions(target),
    crossProcess: options.invalidation ?? true,
    onError: (error) => logger.warn({ err: error }, 'database connection trouble'),
  });
}

/** True when the database answers `select 1`. */
export async function databaseAnswers(db: AppDatabase): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

function connectOptions(target: DatabaseTarget) {
  if (target.kind === 'postgres') {
    return { databaseUrl: target.url, applicationName: APPLICATION_NAME };
  }
  if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
  return { databaseUrl: `sqlite:${target.path}` };
}
