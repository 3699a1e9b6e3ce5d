/** @module All SQL stores on one Kysely instance. */
import type { Kysely } from 'kysely';
import type { Stores } from '../types.js';
import { SqlCounterStore } from './counter-store.js';
import type { LatchkeyDatabase } from './schema.js';
import { SqlSessionStore, type SqlSessionStoreOptions } from './session-store.js';
import { SqlTokenStore } from './token-store.js';

/** The SQL stores, counters included. */
export interface SqlStores extends Stores {
  readonly sessions: SqlSessionStore;
  readonly tokens: SqlTokenStore;
  readonly counters: SqlCounterStore;
}

/**
 * Creates the session, token and counter stores on a migrated database.
 *
 * @example
 * const db = openSqliteDatabase('app.db');
 * await migrateLatchkey(db);
 * const manager = new LoginManager({ stores: createSqlStores(db), userLoader });
 */
export function createSqlStores(
  db: Kysely<LatchkeyDatabase>,
  options: SqlSessionStoreOptions = {},
): SqlStores {
  return {
    sessions: new SqlSessionStore(db, options),
    tokens: new SqlTokenStore(db, options),
    counters: new SqlCounterStore(db, options),
  };
}
