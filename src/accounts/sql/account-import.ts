/**
 * @module Writing imported accounts in batches: what is already there, then one transaction per
 * batch that inserts the accounts and their old ids together, or neither.
 */
import type { Kysely } from 'kysely';
import {
  type AccountsDatabase,
  type AccountsTableNames,
  accountsTableNames,
  type SqlAccountStoreOptions,
} from './schema.js';

/** An account to import, with the id it had in the old app. */
export interface ImportedAccount {
  readonly legacyId: string;
  readonly id: string;
  /** Normalised (trimmed, lower-cased). */
  readonly email: string;
  readonly username: string;
  /** Kept as the old app stored it; the hasher verifies and replaces it at the first login. */
  readonly passwordHash: string;
  readonly confirmed: boolean;
  readonly disabled: boolean;
}

/** Batched reads and writes for an import into the accounts tables. */
export interface SqlAccountImport {
  /** Which of these old ids were imported before: old id → account id. */
  importedIds(legacyIds: readonly string[]): Promise<Map<string, string>>;
  /** Which of these normalised emails an account already has. */
  takenEmails(emails: readonly string[]): Promise<Set<string>>;
  /** Which of these lower-cased usernames an account already has. */
  takenUsernames(usernameKeys: readonly string[]): Promise<Set<string>>;
  /**
   * Inserts the accounts and their old ids in one transaction and returns the old ids written;
   * an account whose email or username was taken meanwhile is left out, never half-written.
   */
  insert(accounts: readonly ImportedAccount[], now: number): Promise<Set<string>>;
}

// SQLite allows 32 766 bound values in one statement; nine a row leaves room to spare.
const ROWS_PER_STATEMENT = 500;

/**
 * The import operations on a database that `migrateAccounts` brought up to date.
 *
 * @example
 * const target = createSqlAccountImport(db);
 * const written = await target.insert(accounts, Date.now());
 */
export function createSqlAccountImport<DB>(
  db: Kysely<DB>,
  options: SqlAccountStoreOptions = {},
): SqlAccountImport {
  const typed = db as unknown as Kysely<AccountsDatabase>;
  const tables = accountsTableNames(options.tablePrefix);
  return {
    async importedIds(legacyIds) {
      if (legacyIds.length === 0) return new Map();
      const rows = await typed
        .selectFrom(tables.legacyIds)
        .select(['legacy_id', 'account_id'])
        .where('legacy_id', 'in', legacyIds)
        .execute();
      return new Map(rows.map((row) => [row.legacy_id, row.account_id]));
    },

    async takenEmails(emails) {
      if (emails.length === 0) return new Set();
      const rows = await typed
        .selectFrom(tables.users)
        .select('email')
        .where('email', 'in', emails)
        .execute();
      return new Set(rows.map((row) => row.email));
    },

    async takenUsernames(usernameKeys) {
      if (usernameKeys.length === 0) return new Set();
      const rows = await typed
        .selectFrom(tables.users)
        .select('username_key')
        .where('username_key', 'in', usernameKeys)
        .execute();
      return new Set(rows.map((row) => row.username_key));
    },

    insert(accounts, now) {
      if (accounts.length === 0) return Promise.resolve(new Set());
      return typed.transaction().execute(async (trx) => {
        const written = new Set<string>();
        for (let start = 0; start < accounts.length; start += ROWS_PER_STATEMENT) {
          const chunk = accounts.slice(start, start + ROWS_PER_STATEMENT);
          for (const legacyId of await insertChunk(trx, tables, chunk, now)) written.add(legacyId);
        }
        return written;
      });
    },
  };
}

async function insertChunk(
  trx: Kysely<AccountsDatabase>,
  tables: AccountsTableNames,
  chunk: readonly ImportedAccount[],
  now: number,
): Promise<string[]> {
  const inserted = await trx
    .insertInto(tables.users)
    .values(
      chunk.map((account) => ({
        id: account.id,
        email: account.email,
        username: account.username,
        username_key: account.username.toLowerCase(),
        password_hash: account.passwordHash,
        confirmed: account.confirmed ? 1 : 0,
        disabled: account.disabled ? 1 : 0,
        created_at: now,
        password_changed_at: now,
      })),
    )
    // A registration that took the address since it was checked wins; this row is reported.
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .execute();
  const insertedIds = new Set(inserted.map((row) => row.id));
  const mapped = chunk.filter((account) => insertedIds.has(account.id));
  if (mapped.length === 0) return [];
  await trx
    .insertInto(tables.legacyIds)
    .values(
      mapped.map((account) => ({
        legacy_id: account.legacyId,
        account_id: account.id,
        imported_at: now,
      })),
    )
    .execute();
  return mapped.map((account) => account.legacyId);
}
