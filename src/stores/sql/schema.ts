/** @module The SQL tables' shapes and names: what the migrations create and the stores query. */
import type { ColumnType } from 'kysely';
import { LatchkeyError } from '../../errors.js';

/** Epoch milliseconds in a `bigint` column: PostgreSQL's driver reads these back as strings. */
type Millis = ColumnType<number | string, number, number>;
type NullableMillis = ColumnType<number | string | null, number | null, number | null>;

/** The `latchkey_sessions` table; `remembered` is 0 or 1 and `data` is JSON text. */
export interface LatchkeySessionsTable {
  id: string;
  user_id: string;
  created_at: Millis;
  last_seen_at: Millis;
  expires_at: Millis;
  absolute_expires_at: Millis;
  fresh_at: NullableMillis;
  remembered: number;
  remember_selector: string | null;
  fingerprint: string | null;
  user_agent: string | null;
  address: string | null;
  data: string;
}

/** The `latchkey_tokens` table; `data` is JSON text or null. */
export interface LatchkeyTokensTable {
  selector: string;
  user_id: string;
  purpose: string;
  hash: string;
  previous_hash: string | null;
  rotated_at: NullableMillis;
  created_at: Millis;
  expires_at: Millis;
  data: string | null;
}

/** The `latchkey_counters` table: one row per throttle key and window. */
export interface LatchkeyCountersTable {
  key: string;
  count: ColumnType<number | string, number, number>;
  expires_at: Millis;
}

/** Latchkey's tables, for `Kysely<LatchkeyDatabase>` or to merge into an app's database type. */
export interface LatchkeyDatabase {
  latchkey_sessions: LatchkeySessionsTable;
  latchkey_tokens: LatchkeyTokensTable;
  latchkey_counters: LatchkeyCountersTable;
}

/** Options shared by the SQL stores and the migrations. */
export interface SqlStoreOptions {
  /** Prepended to every table name; `latchkey_` by default. Letters, digits and `_` only. */
  readonly tablePrefix?: string;
}

/** The concrete table names for one prefix. */
export interface LatchkeyTableNames {
  readonly sessions: 'latchkey_sessions';
  readonly tokens: 'latchkey_tokens';
  readonly counters: 'latchkey_counters';
  readonly migrations: string;
  readonly migrationLock: string;
}

/** Resolves the table names for a prefix; throws `config_invalid` unless it is a plain identifier. */
export function latchkeyTableNames(prefix = 'latchkey_'): LatchkeyTableNames {
  if (!/^[A-Za-z0-9_]*$/.test(prefix)) {
    throw new LatchkeyError(
      'config_invalid',
      `Table prefix ${JSON.stringify(prefix)} is not a plain identifier.`,
    );
  }
  // The typed names are the default ones; a prefix changes only the string sent to the database.
  return {
    sessions: `${prefix}sessions` as 'latchkey_sessions',
    tokens: `${prefix}tokens` as 'latchkey_tokens',
    counters: `${prefix}counters` as 'latchkey_counters',
    migrations: `${prefix}migrations`,
    migrationLock: `${prefix}migrations_lock`,
  };
}
