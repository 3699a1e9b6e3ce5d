/**
 * @module Migrations on PostgreSQL keep their bookkeeping in the connection's own schema: another
 * schema of the same database holding tables of the same names changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { migrateAccounts } from '../../src/accounts/index.js';
import { migrateLatchkey } from '../../src/stores/sql/index.js';
import { describePostgres } from '../accounts/support/postgres.js';

describePostgres('migrations beside another schema with the same table names', (run) => {
  const decoy = `decoy_${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    await sql`drop schema if exists ${sql.id(decoy)} cascade`.execute(run.db());
  });

  it('create their own bookkeeping and tables in the search path’s schema', async () => {
    const db = run.db();
    await sql`create schema ${sql.id(decoy)}`.execute(db);
    for (const table of [
      'latchkey_migrations',
      'latchkey_migrations_lock',
      'accounts_migrations',
    ]) {
      await sql`create table ${sql.id(decoy, table)} (name text)`.execute(db);
    }
    expect(await migrateLatchkey(db)).toContain('2026_11_21_001_initial');
    expect(await migrateAccounts(db)).toContain('2026_12_01_001_users');
    expect(await migrateLatchkey(db)).toEqual([]);
    const own = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema()
    `.execute(db);
    expect(own.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'latchkey_migrations',
        'accounts_migrations',
        'latchkey_sessions',
        'users',
      ]),
    );
  });
});
