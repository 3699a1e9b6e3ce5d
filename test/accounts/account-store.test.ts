/** @module The account-store conformance suite on memory, a SQLite file and PostgreSQL, and the migrations. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryAccountStore,
  createMemoryAuditLog,
  createSqlAccountStore,
  createSqlApiTokenStore,
  createSqlAuditLog,
  migrateAccounts,
} from '../../src/accounts/index.js';
import { accountsMigrations } from '../../src/accounts/sql/migrations.js';
import { accountsTableNames } from '../../src/accounts/sql/schema.js';
import { migrateLatchkey } from '../../src/stores/sql/index.js';
import { openSqliteDatabase } from '../../src/stores/sql/sqlite-entry.js';
import { runApiTokenStoreConformance } from '../stores/api-token-conformance.js';
import { runAccountStoreConformance } from './account-store-conformance.js';
import { runAuditLogConformance } from './audit-log-conformance.js';
import { describePostgres } from './support/postgres.js';

/** Every accounts migration, in the order they run. */
const ACCOUNTS_MIGRATIONS = [
  '2026_12_01_001_users',
  '2026_12_03_013_legacy_ids',
  '2026_12_03_014_two_factor',
  '2026_12_03_015_roles_tokens_audit',
];

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A SQLite database in its own temp folder, closed and removed after the test. */
function openTempSqlite(): Kysely<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-accounts-'));
  const db = openSqliteDatabase<unknown>(join(dir, 'accounts.db'));
  cleanups.push(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

async function sqliteTables(db: Kysely<unknown>): Promise<string[]> {
  const result = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table'`.execute(db);
  return result.rows.map((row) => row.name);
}

runAccountStoreConformance('memory', async () => createMemoryAccountStore());
runAuditLogConformance('memory', async () => createMemoryAuditLog());

runAccountStoreConformance('sqlite', async () => {
  const db = openTempSqlite();
  await migrateAccounts(db);
  return createSqlAccountStore(db);
});
runAuditLogConformance('sqlite', async () => {
  const db = openTempSqlite();
  await migrateAccounts(db);
  return createSqlAuditLog(db);
});
runApiTokenStoreConformance('sqlite', async () => {
  const db = openTempSqlite();
  await migrateAccounts(db);
  return createSqlApiTokenStore(db);
});

describe('sqlite accounts migrations', () => {
  it('migrateAccounts() creates the accounts tables once and is a no-op the second time', async () => {
    const db = openTempSqlite();
    expect(await migrateAccounts(db)).toEqual(ACCOUNTS_MIGRATIONS);
    expect(await migrateAccounts(db)).toEqual([]);
    expect(await sqliteTables(db)).toEqual(
      expect.arrayContaining([
        'users',
        'two_factor_totp',
        'recovery_codes',
        'passkeys',
        'api_tokens',
        'audit_log',
      ]),
    );
  });

  it('the roles migration gives accounts made before it the user role and no last login', async () => {
    const db = openTempSqlite();
    const tables = accountsTableNames();
    await accountsMigrations(tables)['2026_12_01_001_users']?.up(db);
    await sql`insert into users (id, email, username, username_key, password_hash, created_at, password_changed_at)
      values ('old', 'old@example.com', 'Old', 'old', 'h', 1, 1)`.execute(db);
    await accountsMigrations(tables)['2026_12_03_015_roles_tokens_audit']?.up(db);
    expect(await createSqlAccountStore(db).byId('old')).toMatchObject({
      role: 'user',
      lastLoginAt: null,
    });
  });

  it("keeps its bookkeeping apart from migrateLatchkey's, in one database", async () => {
    const db = openTempSqlite();
    await migrateLatchkey(db);
    expect(await migrateAccounts(db)).toEqual(ACCOUNTS_MIGRATIONS);
    expect(await migrateLatchkey(db)).toEqual([]);
    const tables = await sqliteTables(db);
    expect(tables).toEqual(
      expect.arrayContaining(['accounts_migrations', 'latchkey_migrations', 'users', 'legacy_ids']),
    );
  });

  it('a table prefix puts the users table and the bookkeeping under that prefix', async () => {
    const db = openTempSqlite();
    await migrateAccounts(db, { tablePrefix: 'app_' });
    const store = createSqlAccountStore(db, { tablePrefix: 'app_' });
    await store.create({
      id: 'a',
      email: 'a@example.com',
      username: 'alice',
      passwordHash: 'h',
      createdAt: 1,
    });
    expect(await sqliteTables(db)).toEqual(
      expect.arrayContaining([
        'app_users',
        'app_api_tokens',
        'app_audit_log',
        'app_legacy_ids',
        'app_accounts_migrations',
      ]),
    );
    expect(await sqliteTables(db)).not.toContain('users');
  });

  it('refuses a table prefix that is not a plain identifier', () => {
    const db = openTempSqlite();
    expect(() => createSqlAccountStore(db, { tablePrefix: 'x; drop table users; --' })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });
});

describePostgres('postgresql accounts', (run) => {
  runAccountStoreConformance('postgresql', async () => {
    const tablePrefix = run.uniquePrefix();
    await migrateAccounts(run.db(), { tablePrefix });
    return createSqlAccountStore(run.db(), { tablePrefix });
  });
  runAuditLogConformance('postgresql', async () => {
    const tablePrefix = run.uniquePrefix();
    await migrateAccounts(run.db(), { tablePrefix });
    return createSqlAuditLog(run.db(), { tablePrefix });
  });
  runApiTokenStoreConformance('postgresql', async () => {
    const tablePrefix = run.uniquePrefix();
    await migrateAccounts(run.db(), { tablePrefix });
    return createSqlApiTokenStore(run.db(), { tablePrefix });
  });

  it('migrateAccounts() is idempotent and apart from migrateLatchkey on PostgreSQL', async () => {
    const tablePrefix = run.uniquePrefix();
    const db = run.db();
    await migrateLatchkey(db, { tablePrefix });
    expect(await migrateAccounts(db, { tablePrefix })).toEqual(ACCOUNTS_MIGRATIONS);
    expect(await migrateAccounts(db, { tablePrefix })).toEqual([]);
    const result = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema()
    `.execute(db);
    const tables = result.rows.map((row) => row.table_name);
    expect(tables).toEqual(
      expect.arrayContaining([
        `${tablePrefix}users`,
        `${tablePrefix}api_tokens`,
        `${tablePrefix}audit_log`,
        `${tablePrefix}legacy_ids`,
        `${tablePrefix}accounts_migrations`,
        `${tablePrefix}migrations`,
      ]),
    );
  });

  it('reads bigint times back as numbers on PostgreSQL', async () => {
    const tablePrefix = run.uniquePrefix();
    await migrateAccounts(run.db(), { tablePrefix });
    const store = createSqlAccountStore(run.db(), { tablePrefix });
    const createdAt = Date.UTC(2030, 0, 1);
    await store.create({
      id: 'p',
      email: 'p@example.com',
      username: 'pat',
      passwordHash: 'h',
      createdAt,
    });
    const account = await store.byId('p');
    expect(account?.createdAt).toBe(createdAt);
    expect(typeof account?.passwordChangedAt).toBe('number');
  });
});
