/** @module What the account and session commands work with: the store, the login manager, a clean close. */
import type { Kysely } from 'kysely';
import { accountLoginOptions } from '../accounts/login-options.js';
import { createSqlAccountStore } from '../accounts/sql/account-store.js';
import type { Account, AccountStore } from '../accounts/types.js';
import { LoginManager } from '../core/manager.js';
import type { CliIo } from './io.js';
import { type CliDatabase, type OpenDatabase, openDatabase } from './open-database.js';
import { ensureMigrated } from './schema-state.js';

/** The services of one command run. */
export interface Services {
  readonly opened: OpenDatabase;
  readonly db: Kysely<CliDatabase>;
  readonly accounts: AccountStore;
  /** Revocations go through it, so they reach every process on the store's channel. */
  readonly manager: LoginManager<Account>;
}

/**
 * Opens the migrated database at DATABASE_URL, runs `work` with the services on it, and closes
 * everything, whether `work` succeeds or throws.
 *
 * @example await withServices(io, async ({ accounts }) => accounts.byEmail(email));
 */
export async function withServices<T>(
  io: CliIo,
  work: (services: Services) => Promise<T>,
): Promise<T> {
  const opened = await openDatabase(io.env, { create: false });
  let manager: LoginManager<Account> | null = null;
  try {
    await ensureMigrated(opened.db);
    const accounts = createSqlAccountStore(opened.db);
    manager = new LoginManager<Account>({
      ...accountLoginOptions(accounts),
      stores: opened.stores,
      // One command, a handful of lookups: nothing worth caching, nothing to go stale.
      cache: { maxSessions: 0, maxUsers: 0 },
      clock: io.now,
    });
    return await work({ opened, db: opened.db, accounts, manager });
  } finally {
    manager?.close();
    await opened.close();
  }
}
