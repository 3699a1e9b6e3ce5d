/** @module The accounts migrations in order, as code, so they ship inside the package. */
import type { Kysely, Migration } from 'kysely';
import { rolesTokensAuditMigration } from './migrations/2026_12_03_015_roles_tokens_audit.js';
import type { AccountsTableNames } from './schema.js';
import { twoFactorMigration } from './two-factor-schema.js';

/** Every accounts migration by name; names sort in the order they must run. */
export function accountsMigrations(tables: AccountsTableNames): Record<string, Migration> {
  return {
    '2026_12_01_001_users': usersMigration(tables),
    '2026_12_03_013_legacy_ids': legacyIdsMigration(tables),
    '2026_12_03_014_two_factor': twoFactorMigration(tables.prefix),
    '2026_12_03_015_roles_tokens_audit': rolesTokensAuditMigration(tables),
  };
}

/**
 * Creates the `users` table. The unique constraints on `email` and `username_key` are what
 * make concurrent registrations of one address end in exactly one account.
 */
function usersMigration(tables: AccountsTableNames): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable(tables.users)
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('email', 'text', (col) => col.notNull().unique())
        .addColumn('username', 'text', (col) => col.notNull())
        .addColumn('username_key', 'text', (col) => col.notNull().unique())
        .addColumn('password_hash', 'text', (col) => col.notNull())
        .addColumn('confirmed', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('password_changed_at', 'bigint', (col) => col.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable(tables.users).ifExists().execute();
    },
  };
}

/**
 * Creates the `legacy_ids` table: one row per imported account, keyed by its id in the old app.
 * Deleting the account deletes its row, so an old cookie can never find a stranger.
 */
function legacyIdsMigration(tables: AccountsTableNames): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable(tables.legacyIds)
        .addColumn('legacy_id', 'text', (col) => col.primaryKey())
        .addColumn('account_id', 'text', (col) =>
          col.notNull().unique().references(`${tables.users}.id`).onDelete('cascade'),
        )
        .addColumn('imported_at', 'bigint', (col) => col.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable(tables.legacyIds).ifExists().execute();
    },
  };
}
