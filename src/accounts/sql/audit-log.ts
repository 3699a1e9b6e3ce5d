/** @module The audit log in SQL (SQLite and PostgreSQL), in the accounts' `audit_log` table. */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry, AuditLog, AuditQuery } from '../audit-log.js';
import { registerSqlHome } from './home.js';
import {
  type AccountsAuditTable,
  type AccountsDatabase,
  accountsTableNames,
  type SqlAccountStoreOptions,
} from './schema.js';

/**
 * Creates an {@link AuditLog} on a database that `migrateAccounts` brought up to date. Given
 * to the accounts service with a SQL account store on the same Kysely instance, each change
 * and its entry commit in one transaction.
 *
 * @example const audit = createSqlAuditLog(db);
 */
export function createSqlAuditLog<DB>(
  db: Kysely<DB>,
  options: SqlAccountStoreOptions = {},
): AuditLog {
  const table = accountsTableNames(options.tablePrefix).audit;
  const on = (kysely: Kysely<unknown>) => auditLogOn(kysely as Kysely<AccountsDatabase>, table);
  const kysely = db as unknown as Kysely<unknown>;
  return registerSqlHome(on(kysely), kysely, on);
}

function auditLogOn(kysely: Kysely<AccountsDatabase>, table: 'audit_log'): AuditLog {
  return {
    async append(entry) {
      await kysely
        .insertInto(table)
        .values({
          id: entry.id,
          at: entry.at,
          type: entry.type,
          account_id: entry.accountId,
          actor_id: entry.actorId,
          address: entry.address,
          user_agent: entry.userAgent,
          outcome: entry.outcome,
          reason: entry.reason,
          detail: entry.detail === null ? null : JSON.stringify(entry.detail),
        })
        .execute();
    },

    async list({ accountId, before, limit }: AuditQuery) {
      let query = kysely.selectFrom(table).selectAll();
      if (accountId !== undefined) query = query.where('account_id', '=', accountId);
      if (before !== undefined) query = query.where('id', '<', before);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toEntry);
    },

    async prune(before) {
      const result = await kysely.deleteFrom(table).where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toEntry(row: Selectable<AccountsAuditTable>): AuditEntry {
  return {
    id: row.id,
    at: Number(row.at),
    type: row.type,
    accountId: row.account_id,
    actorId: row.actor_id,
    address: row.address,
    userAgent: row.user_agent,
    outcome: row.outcome === 'failure' ? 'failure' : 'success',
    reason: row.reason,
    detail: parseDetail(row.detail),
  };
}

function parseDetail(text: string | null): AuditEntry['detail'] {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as AuditEntry['detail'])
      : null;
  } catch {
    return null;
  }
}
