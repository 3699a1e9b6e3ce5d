/** @module Bringing the database up to date, and refusing to work on one that is not. */
import { type Kysely, type Migration, Migrator } from 'kysely';
import { migrateAccounts } from '../accounts/sql/migrate.js';
import { accountsMigrations } from '../accounts/sql/migrations.js';
import { accountsTableNames } from '../accounts/sql/schema.js';
import { migrateLatchkey } from '../stores/sql/migrate.js';
import { migrationTableSchema } from '../stores/sql/migration-schema.js';
import { latchkeyMigrations } from '../stores/sql/migrations/index.js';
import { latchkeyTableNames } from '../stores/sql/schema.js';
import { CliError } from './cli-error.js';

/**
 * Runs Latchkey's and the accounts' pending migrations, as the app does at start; returns
 * the names of those that ran.
 *
 * @example const ran = await migrateAll(db); // [] when up to date
 */
export async function migrateAll<DB>(db: Kysely<DB>): Promise<string[]> {
  return [...(await migrateLatchkey(db)), ...(await migrateAccounts(db))];
}

/**
 * The names of migrations not yet run on the database (all of them for an empty one).
 *
 * @example if ((await pendingMigrations(db)).length > 0) …
 */
export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<string[]> {
  const latchkey = latchkeyTableNames();
  const accounts = accountsTableNames();
  const sets: [Record<string, Migration>, string, string][] = [
    [latchkeyMigrations(latchkey), latchkey.migrations, latchkey.migrationLock],
    [accountsMigrations(accounts), accounts.migrations, accounts.migrationLock],
  ];
  const schema = await migrationTableSchema(db);
  const pending: string[] = [];
  for (const [migrations, table, lockTable] of sets) {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableName: table,
      migrationLockTableName: lockTable,
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    });
    for (const info of await migrator.getMigrations()) {
      if (info.executedAt === undefined) pending.push(info.name);
    }
  }
  return pending;
}

/**
 * Refuses, in one line, to work on a database whose schema is behind this version.
 *
 * @example await ensureMigrated(db);
 */
export async function ensureMigrated<DB>(db: Kysely<DB>): Promise<void> {
  const pending = await pendingMigrations(db);
  if (pending.length > 0) {
    const count = pending.length === 1 ? '1 migration' : `${pending.length} migrations`;
    throw new CliError(
      `The database is not up to date (${count} to run): run "latchkey db migrate" first.`,
    );
  }
}
