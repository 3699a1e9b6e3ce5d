/** @module The `users` table's shape and names, as the migrations create it and the store queries it. */
import type { ColumnType } from 'kysely';
import { LatchkeyError } from '../../errors.js';

/** Epoch milliseconds in a `bigint` column: PostgreSQL's driver reads these back as strings. */
type Millis = ColumnType<number | string, number, number>;

/**
 * The `users` table: `email` normalised and unique, `username_key` the lower-cased
 * username and unique, flags 0/1 integers, times epoch milliseconds.
 */
export interface AccountsUsersTable {
  id: string;
  email: string;
  username: string;
  username_key: string;
  password_hash: string;
  confirmed: number;
  disabled: number;
  created_at: Millis;
  password_changed_at: Millis;
}

/** The accounts tables, for `Kysely<AccountsDatabase>` or to merge into an app's database type. */
export interface AccountsDatabase {
  users: AccountsUsersTable;
}

/** Options of the SQL account store and its migrations. */
export interface SqlAccountStoreOptions {
  /** Prepended to every table name (none by default). Letters, digits and `_` only. */
  readonly tablePrefix?: string;
}

/** The concrete table names for one prefix. */
export interface AccountsTableNames {
  /** The prefix the names were made with. */
  readonly prefix: string;
  readonly users: 'users';
  readonly migrations: string;
  readonly migrationLock: string;
}

/**
 * Resolves the table names for a prefix; throws `config_invalid` unless it is a plain identifier.
 *
 * @example accountsTableNames('app_').users // 'app_users'
 */
export function accountsTableNames(prefix = ''): AccountsTableNames {
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_]*$/.test(prefix)) {
    throw new LatchkeyError(
      'config_invalid',
      `Table prefix ${JSON.stringify(prefix)} is not a plain identifier.`,
    );
  }
  // The typed name is the default one; a prefix changes only the string sent to the database.
  return {
    prefix,
    users: `${prefix}users` as 'users',
    migrations: `${prefix}accounts_migrations`,
    migrationLock: `${prefix}accounts_migrations_lock`,
  };
}
