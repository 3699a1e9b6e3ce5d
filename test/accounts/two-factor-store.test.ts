/** @module The second-factor store conformance suite on memory, a SQLite file and PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach } from 'vitest';
import {
  createMemoryPasskeyStore,
  createMemoryTwoFactorStore,
  createSqlAccountStore,
  createSqlPasskeyStore,
  createSqlTwoFactorStore,
  migrateAccounts,
} from '../../src/accounts/index.js';
import { openSqliteDatabase } from '../../src/stores/sql/sqlite-entry.js';
import { describePostgres } from './support/postgres.js';
import { runSecondFactorStoreConformance } from './two-factor-store-conformance.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function sqlStores(db: Kysely<unknown>, tablePrefix = '') {
  const accounts = createSqlAccountStore(db, { tablePrefix });
  return {
    twoFactor: createSqlTwoFactorStore(db, { tablePrefix }),
    passkeys: createSqlPasskeyStore(db, { tablePrefix }),
    async addAccount(id: string) {
      await accounts.create({
        id,
        email: `${id}@example.com`,
        username: id,
        passwordHash: 'h',
        createdAt: 1,
      });
    },
  };
}

runSecondFactorStoreConformance('memory', async () => ({
  twoFactor: createMemoryTwoFactorStore(),
  passkeys: createMemoryPasskeyStore(),
  addAccount: async () => {},
}));

runSecondFactorStoreConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-two-factor-'));
  const db = openSqliteDatabase<unknown>(join(dir, 'accounts.db'));
  cleanups.push(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateAccounts(db);
  return sqlStores(db);
});

describePostgres('postgresql two-factor stores', (run) => {
  runSecondFactorStoreConformance('postgresql', async () => {
    const tablePrefix = run.uniquePrefix();
    await migrateAccounts(run.db(), { tablePrefix });
    return sqlStores(run.db(), tablePrefix);
  });
});
