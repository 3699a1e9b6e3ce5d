/** @module Bringing a database up to the accounts schema with Kysely's migrator. */
import type { Kysely } from 'kysely';
import { LatchkeyError } from '../../errors.js';
import { accountsMigrations } from './migrations.js';
import { accountsTableNames, type SqlAccountStoreOptions } from './schema.js';

/**
 * Runs the accounts' pending migrations (SQLite or PostgreSQL) and returns their names, empty
 * when up to date. Its bookkeeping lives in `accounts_migrations`, apart from Latchkey's own
 * (`migrateLatchkey`) and the application's.
 *
 * @example
 * await migrateLatchkey(db);
 * await migrateAccounts(db);
 * const store = createSqlAccountStore(db);
 */
export async function migrateAccounts<DB>(
  db: Kysely<DB>,
  options: SqlAccountStoreOptions = {},
): Promise<string[]> {
  const tables = accountsTableNames(options.tablePrefix);
  // Loaded here, so that apps on the memory store never need Kysely installed.
  const { Migrator } = await import('kysely');
  const { migrationTableSchema } = await import('../../stores/sql/migration-schema.js');
  const schema = await migrationTableSchema(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => accountsMigrations(tables) },
    migrationTableName: tables.migrations,
    migrationLockTableName: tables.migrationLock,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    // Features land in any order, each with its own tables: a database that already has a later
    // feature's migration still takes an earlier-named one that arrived after it.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw new LatchkeyError('store_failure', 'Accounts migrations failed.', { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((r) => r.migrationName);
}
