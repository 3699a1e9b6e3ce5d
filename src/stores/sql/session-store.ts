/** @module Sessions in SQL through Kysely, in portable queries that SQLite and PostgreSQL share. */
import type { Kysely, Selectable, Updateable } from 'kysely';
import { createLocalInvalidationChannel } from '../local-invalidation.js';
import type { InvalidationChannel, SessionPatch, SessionRecord, SessionStore } from '../types.js';
import { parseJsonObject } from './json-data.js';
import {
  type LatchkeyDatabase,
  type LatchkeySessionsTable,
  latchkeyTableNames,
  type SqlStoreOptions,
} from './schema.js';

/** Options for {@link SqlSessionStore}. */
export interface SqlSessionStoreOptions extends SqlStoreOptions {
  /** Where revocations are announced; in-process by default, which suits one SQLite process. */
  readonly invalidation?: InvalidationChannel;
}

/**
 * A {@link SessionStore} on the `latchkey_sessions` table.
 *
 * @example
 * const sessions = new SqlSessionStore(openSqliteDatabase('app.db'));
 */
export class SqlSessionStore implements SessionStore {
  readonly invalidation: InvalidationChannel;
  readonly #db: Kysely<LatchkeyDatabase>;
  readonly #table: 'latchkey_sessions';

  constructor(db: Kysely<LatchkeyDatabase>, options: SqlSessionStoreOptions = {}) {
    this.#db = db;
    this.#table = latchkeyTableNames(options.tablePrefix).sessions;
    this.invalidation = options.invalidation ?? createLocalInvalidationChannel();
  }

  async create(session: SessionRecord): Promise<void> {
    await this.#db
      .insertInto(this.#table)
      .values({
        id: session.id,
        user_id: session.userId,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
        absolute_expires_at: session.absoluteExpiresAt,
        fresh_at: session.freshAt,
        remembered: session.remembered ? 1 : 0,
        remember_selector: session.rememberSelector,
        fingerprint: session.fingerprint,
        user_agent: session.userAgent,
        address: session.address,
        data: JSON.stringify(session.data),
      })
      .execute();
  }

  async get(id: string): Promise<SessionRecord | null> {
    const row = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  async update(id: string, patch: SessionPatch): Promise<void> {
    const set = toUpdate(patch);
    // An empty SET is a syntax error, and nothing to change is a no-op anyway.
    if (Object.keys(set).length === 0) return;
    await this.#db.updateTable(this.#table).set(set).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom(this.#table).where('id', '=', id).execute();
  }

  async deleteForUser(userId: string, options: { exceptId?: string } = {}): Promise<string[]> {
    let query = this.#db.deleteFrom(this.#table).where('user_id', '=', userId);
    if (options.exceptId !== undefined) query = query.where('id', '<>', options.exceptId);
    const rows = await query.returning('id').execute();
    return rows.map((row) => row.id);
  }

  async listForUser(userId: string, now: number): Promise<SessionRecord[]> {
    const rows = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
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

function toUpdate(patch: SessionPatch): Updateable<LatchkeySessionsTable> {
  const set: Updateable<LatchkeySessionsTable> = {};
  if (patch.lastSeenAt !== undefined) set.last_seen_at = patch.lastSeenAt;
  if (patch.expiresAt !== undefined) set.expires_at = patch.expiresAt;
  if (patch.freshAt !== undefined) set.fresh_at = patch.freshAt;
  if (patch.fingerprint !== undefined) set.fingerprint = patch.fingerprint;
  if (patch.address !== undefined) set.address = patch.address;
  if (patch.userAgent !== undefined) set.user_agent = patch.userAgent;
  if (patch.data !== undefined) set.data = JSON.stringify(patch.data);
  return set;
}

function toRecord(row: Selectable<LatchkeySessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    absoluteExpiresAt: Number(row.absolute_expires_at),
    freshAt: row.fresh_at === null ? null : Number(row.fresh_at),
    remembered: Number(row.remembered) !== 0,
    rememberSelector: row.remember_selector,
    fingerprint: row.fingerprint,
    userAgent: row.user_agent,
    address: row.address,
    data: parseJsonObject(row.data) ?? {},
  };
}
