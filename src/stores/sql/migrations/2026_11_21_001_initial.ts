/** @module The first schema: sessions, tokens and counters, with the indexes their queries use. */
import type { Migration } from 'kysely';
import type { LatchkeyTableNames } from '../schema.js';

/**
 * Creates the three tables; times are `bigint` epoch milliseconds, flags 0/1 integers
 * and `data` JSON text, types every dialect Kysely supports can hold alike.
 */
export function initialMigration(tables: LatchkeyTableNames): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable(tables.sessions)
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('absolute_expires_at', 'bigint', (col) => col.notNull())
        .addColumn('fresh_at', 'bigint')
        .addColumn('remembered', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('remember_selector', 'text')
        .addColumn('fingerprint', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('address', 'text')
        .addColumn('data', 'text', (col) => col.notNull().defaultTo('{}'))
        .execute();
      await index(db, tables.sessions, ['user_id']);
      await index(db, tables.sessions, ['expires_at']);

      await db.schema
        .createTable(tables.tokens)
        .addColumn('selector', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull())
        .addColumn('purpose', 'text', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .addColumn('previous_hash', 'text')
        .addColumn('rotated_at', 'bigint')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('data', 'text')
        .execute();
      // (user_id, purpose) also serves lookups by user_id alone.
      await index(db, tables.tokens, ['user_id', 'purpose']);
      await index(db, tables.tokens, ['expires_at']);

      await db.schema
        .createTable(tables.counters)
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('count', 'integer', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();
      await index(db, tables.counters, ['expires_at']);
    },

    async down(db) {
      await db.schema.dropTable(tables.counters).ifExists().execute();
      await db.schema.dropTable(tables.tokens).ifExists().execute();
      await db.schema.dropTable(tables.sessions).ifExists().execute();
    },
  };
}

async function index(db: Parameters<Migration['up']>[0], table: string, columns: string[]) {
  // Index names share one namespace per schema (PostgreSQL), so they carry the table name.
  await db.schema
    .createIndex(`${table}_${columns.join('_')}_idx`)
    .on(table)
    .columns(columns)
    .execute();
}
