/** @module The invalidation log: how processes sharing one SQLite file hear of each revocation. */
import { type Migration, SqliteAdapter } from 'kysely';
import type { LatchkeyTableNames } from '../schema.js';

/**
 * Creates the change log the SQLite channel writes and polls. PostgreSQL needs none (it has
 * LISTEN/NOTIFY), so there the migration is recorded and creates nothing.
 */
export function invalidationLogMigration(tables: LatchkeyTableNames): Migration {
  return {
    async up(db) {
      if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
      // AUTOINCREMENT: a plain rowid may be reused once the newest rows are trimmed, and a
      // reused number would hide a message from a process that already read past it.
      await db.schema
        .createTable(tables.invalidations)
        .addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .execute();
    },

    async down(db) {
      await db.schema.dropTable(tables.invalidations).ifExists().execute();
    },
  };
}
