/** @module The accounts tables' shapes and names, as the migrations create them and the stores query them. */
import type { ColumnType } from 'kysely';
import { LatchkeyError } from '../../errors.js';

/** Epoch milliseconds in a `bigint` column: PostgreSQL's driver reads these back as strings. */
type Millis = ColumnType<number | string, number, number>;
type NullableMillis = ColumnType<number | string | null, number | null | undefined, number | null>;

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
  /** `user` or `admin`; `user` by default. */
  role: ColumnType<string, string | undefined, string>;
  last_login_at: NullableMillis;
}

/** The `api_tokens` table: `scopes` is a JSON array, `hash` the SHA-256 of the secret. */
export interface AccountsApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  scopes: string;
  hash: string;
  created_at: Millis;
  expires_at: Millis;
  last_used_at: NullableMillis;
}

/** The `audit_log` table: ids sort by time, then by order of writing; `detail` is JSON or null. */
export interface AccountsAuditTable {
  id: string;
  at: Millis;
  type: string;
  account_id: string | null;
  actor_id: string | null;
  address: string | null;
  user_agent: string | null;
  outcome: string;
  reason: string | null;
  detail: string | null;
}

/**
 * The `legacy_ids` table: the id an imported account had in the app it came from (a Flask
 * app's `users.id`), so that app's remember cookie finds the account here.
 */
export interface AccountsLegacyIdsTable {
  legacy_id: string;
  account_id: string;
  imported_at: Millis;
}

/** The accounts tables, for `Kysely<AccountsDatabase>` or to merge into an app's database type. */
export interface AccountsDatabase {
  users: AccountsUsersTable;
  api_tokens: AccountsApiTokensTable;
  audit_log: AccountsAuditTable;
  legacy_ids: AccountsLegacyIdsTable;
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
  readonly apiTokens: 'api_tokens';
  readonly audit: 'audit_log';
  readonly legacyIds: 'legacy_ids';
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
    apiTokens: `${prefix}api_tokens` as 'api_tokens',
    audit: `${prefix}audit_log` as 'audit_log',
    legacyIds: `${prefix}legacy_ids` as 'legacy_ids',
    migrations: `${prefix}accounts_migrations`,
    migrationLock: `${prefix}accounts_migrations_lock`,
  };
}
