/** @module Tokens in SQL through Kysely: compare-and-set rotation and single-winner consumption. */
import type { Kysely, Selectable } from 'kysely';
import type { TokenRecord, TokenRotation, TokenStore } from '../types.js';
import { parseJsonObject } from './json-data.js';
import {
  type LatchkeyDatabase,
  type LatchkeyTokensTable,
  latchkeyTableNames,
  type SqlStoreOptions,
} from './schema.js';

/**
 * A {@link TokenStore} on the `latchkey_tokens` table; `rotate` and `consume` are single
 * statements, so the database makes them atomic.
 *
 * @example
 * const tokens = new SqlTokenStore(db);
 * const taken = await tokens.consume(selector, 'reset', Date.now());
 */
export class SqlTokenStore implements TokenStore {
  readonly #db: Kysely<LatchkeyDatabase>;
  readonly #table: 'latchkey_tokens';

  constructor(db: Kysely<LatchkeyDatabase>, options: SqlStoreOptions = {}) {
    this.#db = db;
    this.#table = latchkeyTableNames(options.tablePrefix).tokens;
  }

  async create(token: TokenRecord): Promise<void> {
    await this.#db
      .insertInto(this.#table)
      .values({
        selector: token.selector,
        user_id: token.userId,
        purpose: token.purpose,
        hash: token.hash,
        previous_hash: token.previousHash,
        rotated_at: token.rotatedAt,
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        data: token.data === null ? null : JSON.stringify(token.data),
      })
      .execute();
  }

  async get(selector: string): Promise<TokenRecord | null> {
    const row = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('selector', '=', selector)
      .executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  async rotate(selector: string, expectedHash: string, next: TokenRotation): Promise<boolean> {
    const result = await this.#db
      .updateTable(this.#table)
      .set({
        hash: next.hash,
        previous_hash: next.previousHash,
        rotated_at: next.rotatedAt,
        expires_at: next.expiresAt,
      })
      .where('selector', '=', selector)
      .where('hash', '=', expectedHash)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async consume(selector: string, purpose: string, now: number): Promise<TokenRecord | null> {
    // DELETE … RETURNING: whoever deletes the row owns it; concurrent callers find nothing.
    const row = await this.#db
      .deleteFrom(this.#table)
      .where('selector', '=', selector)
      .where('purpose', '=', purpose)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  async touch(selector: string, expiresAt: number): Promise<void> {
    await this.#db
      .updateTable(this.#table)
      .set({ expires_at: expiresAt })
      .where('selector', '=', selector)
      .execute();
  }

  async delete(selector: string): Promise<void> {
    await this.#db.deleteFrom(this.#table).where('selector', '=', selector).execute();
  }

  async deleteForUser(userId: string, purpose?: string): Promise<number> {
    let query = this.#db.deleteFrom(this.#table).where('user_id', '=', userId);
    if (purpose !== undefined) query = query.where('purpose', '=', purpose);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async listForUser(userId: string, now: number, purpose?: string): Promise<TokenRecord[]> {
    let query = this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('user_id', '=', userId)
      .where('expires_at', '>', now);
    if (purpose !== undefined) query = query.where('purpose', '=', purpose);
    const rows = await query.orderBy('created_at', 'desc').execute();
    return rows.map(toRecord);
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom(this.#table)
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRecord(row: Selectable<LatchkeyTokensTable>): TokenRecord {
  return {
    selector: row.selector,
    userId: row.user_id,
    purpose: row.purpose,
    hash: row.hash,
    previousHash: row.previous_hash,
    rotatedAt: row.rotated_at === null ? null : Number(row.rotated_at),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    data: parseJsonObject(row.data),
  };
}
