/** @module Roles and last login on accounts, API tokens, and the audit log. */
import type { Kysely, Migration } from 'kysely';
import type { AccountsTableNames } from '../schema.js';

/**
 * Adds `role` (default `user`) and `last_login_at` to the users table, and creates the
 * `api_tokens` and `audit_log` tables with the indexes their queries use.
 */
export function rolesTokensAuditMigration(tables: AccountsTableNames): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable(tables.users)
        .addColumn('role', 'text', (col) => col.notNull().defaultTo('user'))
        .execute();
      await db.schema.alterTable(tables.users).addColumn('last_login_at', 'bigint').execute();

      await db.schema
        .createTable(tables.apiTokens)
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('scopes', 'text', (col) => col.notNull().defaultTo('[]'))
        .addColumn('hash', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('last_used_at', 'bigint')
        .execute();
      await index(db, tables.apiTokens, ['user_id']);
      await index(db, tables.apiTokens, ['expires_at']);

      await db.schema
        .createTable(tables.audit)
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('account_id', 'text')
        .addColumn('actor_id', 'text')
        .addColumn('address', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('reason', 'text')
        .addColumn('detail', 'text')
        .execute();
      await index(db, tables.audit, ['account_id', 'id']);
      await index(db, tables.audit, ['at']);
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable(tables.audit).ifExists().execute();
      await db.schema.dropTable(tables.apiTokens).ifExists().execute();
      await db.schema.alterTable(tables.users).dropColumn('last_login_at').execute();
      await db.schema.alterTable(tables.users).dropColumn('role').execute();
    },
  };
}

async function index(db: Kysely<unknown>, table: string, columns: string[]) {
  // Index names share one namespace per schema (PostgreSQL), so they carry the table name.
  await db.schema
    .createIndex(`${table}_${columns.join('_')}_idx`)
    .on(table)
    .columns(columns)
    .execute();
}
