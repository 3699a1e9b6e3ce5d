/** @module Bringing a database up to Latchkey's schema with Kysely's migrator. */
import { type Kysely, Migrator } from 'kysely';
import { LatchkeyError } from '../../errors.js';
import { migrationTableSchema } from './migration-schema.js';
import { latchkeyMigrations } from './migrations/index.js';
import { latchkeyTableNames, type SqlStoreOptions } from './schema.js';

/**
 * Runs Latchkey's pending migrations and returns their names (empty when up to date).
 * Its bookkeeping lives in `latchkey_migrations`, apart from the application's own.
 *
 * @example
 * const db = openSqliteDatabase('app.db');
 * await migrateLatchkey(db);
 */
export async function migrateLatchkey<DB>(
  db: Kysely<DB>,
  options: SqlStoreOptions = {},
): Promise<string[]> {
  const tables = latchkeyTableNames(options.tablePrefix);
  const schema = await migrationTableSchema(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => latchkeyMigrations(tables) },
    migrationTableName: tables.migrations,
    migrationLockTableName: tables.migrationLock,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw new LatchkeyError('store_failure', 'Latchkey migrations failed.', { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((r) => r.migrationName);
}
