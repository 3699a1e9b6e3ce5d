/**
 * @module The SQL pieces behind the command line on a SQLite file and on PostgreSQL: imported
 * accounts written with their old ids in one transaction, the old-id lookups, and account listing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSqlAccountStore,
  createSqlLegacyIds,
  migrateAccounts,
} from '../../src/accounts/index.js';
import {
  createSqlAccountImport,
  type ImportedAccount,
} from '../../src/accounts/sql/account-import.js';
import { listSqlAccounts } from '../../src/accounts/sql/account-list.js';
import { accountsMigrations } from '../../src/accounts/sql/migrations.js';
import { accountsTableNames } from '../../src/accounts/sql/schema.js';
import { openSqliteDatabase } from '../../src/stores/sql/sqlite-entry.js';
import { describePostgres } from './support/postgres.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function imported(legacyId: string, email: string, username = `user${legacyId}`): ImportedAccount {
  return {
    legacyId,
    id: `acct-${legacyId}`,
    email,
    username,
    passwordHash: 'pbkdf2:sha256:600000$salt$00',
    confirmed: true,
    disabled: false,
  };
}

function importSuite(open: () => Promise<{ db: Kysely<unknown>; prefix: string }>) {
  it('writes the accounts and their old ids together, and finds them by either id', async () => {
    const { db, prefix } = await open();
    const target = createSqlAccountImport(db, { tablePrefix: prefix });
    const written = await target.insert(
      [imported('1', 'a@example.com'), imported('2', 'b@example.com')],
      5,
    );
    expect([...written].sort()).toEqual(['1', '2']);
    expect(await target.importedIds(['1', '2', '3'])).toEqual(
      new Map([
        ['1', 'acct-1'],
        ['2', 'acct-2'],
      ]),
    );
    const legacy = createSqlLegacyIds(db, { tablePrefix: prefix });
    expect(await legacy.accountIdFor('2')).toBe('acct-2');
    expect(await legacy.accountIdFor('9')).toBeNull();
    expect(await legacy.legacyIdOf('acct-1')).toBe('1');
    const account = await createSqlAccountStore(db, { tablePrefix: prefix }).byId('acct-1');
    expect(account).toMatchObject({
      email: 'a@example.com',
      confirmed: true,
      createdAt: 5,
      passwordChangedAt: 5,
    });
  });

  it('leaves out an account whose email or username was taken meanwhile, with no old id written for it', async () => {
    const { db, prefix } = await open();
    const store = createSqlAccountStore(db, { tablePrefix: prefix });
    await store.create({
      id: 'x',
      email: 'taken@example.com',
      username: 'Taken',
      passwordHash: 'h',
      createdAt: 1,
    });
    const target = createSqlAccountImport(db, { tablePrefix: prefix });
    expect(await target.takenEmails(['taken@example.com', 'free@example.com'])).toEqual(
      new Set(['taken@example.com']),
    );
    expect(await target.takenUsernames(['taken', 'other'])).toEqual(new Set(['taken']));
    const written = await target.insert(
      [
        imported('1', 'taken@example.com'),
        imported('2', 'free@example.com', 'TAKEN'),
        imported('3', 'fine@example.com'),
      ],
      2,
    );
    expect([...written]).toEqual(['3']);
    expect(await target.importedIds(['1', '2', '3'])).toEqual(new Map([['3', 'acct-3']]));
    expect((await store.byEmail('taken@example.com'))?.id).toBe('x');
  });

  it('deleting an imported account deletes its old id, so an old cookie can never find someone else', async () => {
    const { db, prefix } = await open();
    const target = createSqlAccountImport(db, { tablePrefix: prefix });
    await target.insert([imported('7', 'gone@example.com')], 1);
    await sql`delete from ${sql.table(`${prefix}users`)} where id = ${'acct-7'}`.execute(db);
    expect(await createSqlLegacyIds(db, { tablePrefix: prefix }).accountIdFor('7')).toBeNull();
  });

  it('lists accounts by email with filters and a total; LIKE wildcards in a search are literal', async () => {
    const { db, prefix } = await open();
    const target = createSqlAccountImport(db, { tablePrefix: prefix });
    await target.insert(
      [
        imported('1', 'ann_x@example.com'),
        imported('2', 'annax@example.com'),
        { ...imported('3', 'bob@example.com', 'Ann%Smith'), disabled: true },
      ],
      1,
    );
    const page = (query: Parameters<typeof listSqlAccounts>[1]) =>
      listSqlAccounts(db, query, { tablePrefix: prefix });
    const underscore = await page({ search: 'ANN_', limit: 10, offset: 0 });
    expect(underscore.accounts.map((a) => a.email)).toEqual(['ann_x@example.com']);
    const percent = await page({ search: 'ann%', limit: 10, offset: 0 });
    expect(percent.accounts.map((a) => a.email)).toEqual(['bob@example.com']);
    const all = await page({ search: 'ann', limit: 2, offset: 0 });
    expect(all).toMatchObject({ total: 3 });
    expect(all.accounts.map((a) => a.email)).toEqual(['ann_x@example.com', 'annax@example.com']);
    const disabled = await page({ disabled: true, limit: 10, offset: 0 });
    expect(disabled.accounts.map((a) => a.email)).toEqual(['bob@example.com']);
    expect((await page({ disabled: false, limit: 10, offset: 2 })).accounts).toEqual([]);
  });
}

describe('the legacy ids migration', () => {
  it('runs on a database that already took a later-named accounts migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-import-'));
    const db = openSqliteDatabase<unknown>(join(dir, 'app.db'));
    cleanups.push(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    // A database migrated before the legacy ids existed: every accounts migration but that one.
    const { '2026_12_03_013_legacy_ids': _later, ...before } = accountsMigrations(
      accountsTableNames(),
    );
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => before },
      migrationTableName: 'accounts_migrations',
      migrationLockTableName: 'accounts_migrations_lock',
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await migrateAccounts(db)).toEqual(['2026_12_03_013_legacy_ids']);
    expect(await createSqlLegacyIds(db).accountIdFor('1')).toBeNull();
  });
});

describe('the account import on SQLite', () => {
  importSuite(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-import-'));
    const db = openSqliteDatabase<unknown>(join(dir, 'app.db'));
    cleanups.push(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    await migrateAccounts(db);
    return { db, prefix: '' };
  });
});

describePostgres('the account import on PostgreSQL', (run) => {
  importSuite(async () => {
    const prefix = run.uniquePrefix();
    await migrateAccounts(run.db(), { tablePrefix: prefix });
    return { db: run.db(), prefix };
  });
});
