/** @module The second factor's and passkeys' tables: their shapes, names and migration. */
import type { ColumnType, Kysely, Migration } from 'kysely';
import { accountsTableNames } from './schema.js';

/** Epoch milliseconds in a `bigint` column: PostgreSQL's driver reads these back as strings. */
type Millis = ColumnType<number | string, number, number>;

/** `two_factor_totp`: one row per account with TOTP on; the secret sealed (AES-256-GCM). */
export interface TwoFactorTotpTable {
  account_id: string;
  sealed_secret: string;
  enabled_at: Millis;
  last_step: ColumnType<number | string | null, number | null, number>;
}

/** `recovery_codes`: SHA-256 hashes of unused codes; a used code is deleted. */
export interface RecoveryCodesTable {
  account_id: string;
  code_hash: string;
  created_at: Millis;
}

/** `passkeys`: WebAuthn credentials; `credential_id` unique. */
export interface PasskeysTable {
  id: string;
  account_id: string;
  credential_id: string;
  public_key: string;
  counter: Millis;
  /** JSON array of transport names. */
  transports: string;
  name: string;
  created_at: Millis;
  last_used_at: ColumnType<number | string | null, number | null, number | null>;
  backed_up: number;
}

/** The tables, for `Kysely<TwoFactorDatabase>` or to merge into an app's database type. */
export interface TwoFactorDatabase {
  two_factor_totp: TwoFactorTotpTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
}

/** The concrete table names for one prefix. */
export interface TwoFactorTableNames {
  readonly totp: 'two_factor_totp';
  readonly recoveryCodes: 'recovery_codes';
  readonly passkeys: 'passkeys';
  readonly users: string;
}

/**
 * The table names for a prefix (checked like the users table's).
 *
 * @example twoFactorTableNames('app_').passkeys // 'app_passkeys'
 */
export function twoFactorTableNames(prefix = ''): TwoFactorTableNames {
  const { users } = accountsTableNames(prefix);
  // The typed names are the default ones; a prefix changes only the string sent to the database.
  return {
    totp: `${prefix}two_factor_totp` as 'two_factor_totp',
    recoveryCodes: `${prefix}recovery_codes` as 'recovery_codes',
    passkeys: `${prefix}passkeys` as 'passkeys',
    users,
  };
}

/**
 * Creates the three tables. Each row belongs to a user and goes with it; the primary keys and
 * the unique credential id are what make "used once" and "registered once" atomic.
 */
export function twoFactorMigration(prefix: string): Migration {
  const tables = twoFactorTableNames(prefix);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable(tables.totp)
        .addColumn('account_id', 'text', (col) =>
          col.primaryKey().references(`${tables.users}.id`).onDelete('cascade'),
        )
        .addColumn('sealed_secret', 'text', (col) => col.notNull())
        .addColumn('enabled_at', 'bigint', (col) => col.notNull())
        .addColumn('last_step', 'bigint')
        .execute();
      await db.schema
        .createTable(tables.recoveryCodes)
        .addColumn('account_id', 'text', (col) =>
          col.notNull().references(`${tables.users}.id`).onDelete('cascade'),
        )
        .addColumn('code_hash', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint(`${tables.recoveryCodes}_pk`, ['account_id', 'code_hash'])
        .execute();
      await db.schema
        .createTable(tables.passkeys)
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('account_id', 'text', (col) =>
          col.notNull().references(`${tables.users}.id`).onDelete('cascade'),
        )
        .addColumn('credential_id', 'text', (col) => col.notNull().unique())
        .addColumn('public_key', 'text', (col) => col.notNull())
        .addColumn('counter', 'bigint', (col) => col.notNull())
        .addColumn('transports', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('last_used_at', 'bigint')
        .addColumn('backed_up', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex(`${tables.passkeys}_account_idx`)
        .on(tables.passkeys)
        .column('account_id')
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of [tables.passkeys, tables.recoveryCodes, tables.totp]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
