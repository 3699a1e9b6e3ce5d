/** @module Opening a SQLite file for Latchkey: the only file here that knows a driver. */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { LatchkeyDatabase } from './schema.js';

/**
 * Opens (or creates) a SQLite database with better-sqlite3 in WAL mode and wraps it in Kysely;
 * `destroy()` on the result closes the file.
 *
 * @example
 * const db = openSqliteDatabase('data/app.db');
 * await migrateLatchkey(db);
 * const stores = createSqlStores(db);
 */
export function openSqliteDatabase<DB = LatchkeyDatabase>(path: string): Kysely<DB> {
  const database = new Database(path);
  // WAL lets readers run beside the writer; NORMAL sync is durable enough under WAL.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
}
