/** @module Throttle counters in SQL through Kysely: one upsert per increment. */
import { type Kysely, sql } from 'kysely';
import type { CounterStore, CounterValue } from '../types.js';
import { type LatchkeyDatabase, latchkeyTableNames, type SqlStoreOptions } from './schema.js';

/**
 * A {@link CounterStore} on the `latchkey_counters` table; `increment` is one
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`, atomic on SQLite and PostgreSQL alike.
 *
 * @example
 * const counters = new SqlCounterStore(db);
 * const { count, resetAt } = await counters.increment('login:alice', 60_000, Date.now());
 */
export class SqlCounterStore implements CounterStore {
  readonly #db: Kysely<LatchkeyDatabase>;
  readonly #table: 'latchkey_counters';

  constructor(db: Kysely<LatchkeyDatabase>, options: SqlStoreOptions = {}) {
    this.#db = db;
    this.#table = latchkeyTableNames(options.tablePrefix).counters;
  }

  async increment(key: string, windowMs: number, now: number): Promise<CounterValue> {
    const resetAt = now + windowMs;
    // Qualified with the table name, so PostgreSQL and SQLite both read the existing row
    // here, never the proposed one (`excluded`).
    const count = sql.ref(`${this.#table}.count`);
    const expiresAt = sql.ref(`${this.#table}.expires_at`);
    const row = await this.#db
      .insertInto(this.#table)
      .values({ key, count: 1, expires_at: resetAt })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          count: sql<number>`case when ${expiresAt} <= ${now} then 1 else ${count} + 1 end`,
          expires_at: sql<number>`case when ${expiresAt} <= ${now} then ${resetAt} else ${expiresAt} end`,
        }),
      )
      .returning(['count', 'expires_at'])
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), resetAt: Number(row.expires_at) };
  }

  async get(key: string, now: number): Promise<CounterValue | null> {
    const row = await this.#db
      .selectFrom(this.#table)
      .select(['count', 'expires_at'])
      .where('key', '=', key)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row === undefined ? null : { count: Number(row.count), resetAt: Number(row.expires_at) };
  }

  async reset(key: string): Promise<void> {
    await this.#db.deleteFrom(this.#table).where('key', '=', key).execute();
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom(this.#table)
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
