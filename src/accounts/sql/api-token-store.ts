/** @module API tokens in SQL (SQLite and PostgreSQL), in the accounts' `api_tokens` table. */
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokenRecord, ApiTokenStore } from '../../stores/api-token-store.js';
import { registerSqlHome } from './home.js';
import {
  type AccountsApiTokensTable,
  type AccountsDatabase,
  accountsTableNames,
  type SqlAccountStoreOptions,
} from './schema.js';

/**
 * Creates an {@link ApiTokenStore} on a database that `migrateAccounts` brought up to date.
 *
 * @example const tokens = new ApiTokens({ store: createSqlApiTokenStore(db), invalidation: manager.invalidation });
 */
export function createSqlApiTokenStore<DB>(
  db: Kysely<DB>,
  options: SqlAccountStoreOptions = {},
): ApiTokenStore {
  const table = accountsTableNames(options.tablePrefix).apiTokens;
  const on = (kysely: Kysely<unknown>) => storeOn(kysely as Kysely<AccountsDatabase>, table);
  const kysely = db as unknown as Kysely<unknown>;
  return registerSqlHome(on(kysely), kysely, on);
}

function storeOn(kysely: Kysely<AccountsDatabase>, table: 'api_tokens'): ApiTokenStore {
  return {
    async create(token) {
      await kysely
        .insertInto(table)
        .values({
          id: token.id,
          user_id: token.userId,
          name: token.name,
          scopes: JSON.stringify(token.scopes),
          hash: token.hash,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          last_used_at: token.lastUsedAt,
        })
        .execute();
    },

    async get(id) {
      const row = await kysely
        .selectFrom(table)
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },

    async touch(id, lastUsedAt) {
      await kysely
        .updateTable(table)
        .set({ last_used_at: lastUsedAt })
        .where('id', '=', id)
        .execute();
    },

    async delete(id) {
      const result = await kysely.deleteFrom(table).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async deleteForUser(userId) {
      const result = await kysely
        .deleteFrom(table)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async listForUser(userId, now) {
      const rows = await kysely
        .selectFrom(table)
        .selectAll()
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toRecord);
    },

    async deleteExpired(now) {
      const result = await kysely
        .deleteFrom(table)
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toRecord(row: Selectable<AccountsApiTokensTable>): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    hash: row.hash,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}

function parseScopes(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((scope) => typeof scope === 'string') : [];
  } catch {
    return [];
  }
}
