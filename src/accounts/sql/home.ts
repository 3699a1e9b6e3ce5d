/**
 * @module Which Kysely database a SQL accounts store lives in, and how to get a copy of it that
 * writes through a transaction of that database, so that a change and its audit entry can
 * commit together (see `unit-of-work.ts`). Only types come from Kysely here.
 */
import type { Kysely, Transaction } from 'kysely';

/** A SQL store's database, and the same store writing through one of its transactions. */
export interface SqlHome<T> {
  readonly db: Kysely<unknown>;
  bind(trx: Transaction<unknown>): T;
}

const homes = new WeakMap<object, SqlHome<object>>();

/**
 * Notes that `store` lives in `db`; answers `store`.
 *
 * @example return registerSqlHome(store, db, (trx) => new SqlAccountStore(trx, options));
 */
export function registerSqlHome<T extends object>(
  store: T,
  db: Kysely<unknown>,
  bind: (trx: Transaction<unknown>) => T,
): T {
  homes.set(store, { db, bind });
  return store;
}

/**
 * The database a store made by one of the `createSql…` functions lives in; null for any other
 * store (memory, or one of the application's own).
 *
 * @example const home = sqlHomeOf(store); if (home?.db === other?.db) …
 */
export function sqlHomeOf<T extends object>(store: T): SqlHome<T> | null {
  return (homes.get(store) as SqlHome<T> | undefined) ?? null;
}

/**
 * Runs `work` in a transaction of `db`, or straight on it when `db` already is one (Kysely
 * transactions do not nest), so a store's own multi-statement writes join an outer unit.
 *
 * @example await inTransaction(this.#db, (trx) => trx.deleteFrom('totp').execute());
 */
export function inTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
