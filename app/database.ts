/** @module The app's database: embedded SQLite (the default) or PostgreSQL, brought up to date at start. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migrateAccounts } from '../src/accounts/index.js';
import { type LatchkeyDatabase, migrateLatchkey } from '../src/stores/sql/index.js';
import type { DatabaseTarget } from './config.js';

/** Latchkey's tables and the accounts' users table share one database. */
export type AppDatabase = Kysely<LatchkeyDatabase>;

/**
 * Opens the database (creating the SQLite file and its folder on first start) and runs
 * Latchkey's and the accounts' migrations.
 *
 * @example const db = await openDatabase({ kind: 'sqlite', path: './data/app.db' });
 */
export async function openDatabase(target: DatabaseTarget): Promise<AppDatabase> {
  const db = await connect(target);
  try {
    await migrateLatchkey(db);
    await migrateAccounts(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
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

async function connect(target: DatabaseTarget): Promise<AppDatabase> {
  if (target.kind === 'sqlite') {
    // Loaded only for SQLite, so a PostgreSQL deployment needs no native SQLite build.
    const { openSqliteDatabase } = await import('../src/stores/sql/sqlite.js');
    mkdirSync(dirname(target.path), { recursive: true });
    return openSqliteDatabase<LatchkeyDatabase>(target.path);
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  return new Kysely<LatchkeyDatabase>({ dialect: new PostgresDialect({ pool }) });
}
