/**
 * @module What the account and session commands work with: the store, the login manager, API
 * tokens, the audit log, a clean close.
 */
import type { Kysely } from 'kysely';
import { createAuditRecorder } from '../accounts/audit-log.js';
import { eventFrom } from '../accounts/event-source.js';
import { accountLoginOptions } from '../accounts/login-options.js';
import { createSqlAccountStore } from '../accounts/sql/account-store.js';
import { createSqlApiTokenStore } from '../accounts/sql/api-token-store.js';
import { createSqlAuditLog } from '../accounts/sql/audit-log.js';
import { createSqlTwoFactorStore } from '../accounts/sql/two-factor-store.js';
import type { TwoFactorStore } from '../accounts/two-factor/store-types.js';
import type { Account, AccountEvent, AccountStore } from '../accounts/types.js';
import { createUnitRunner } from '../accounts/unit-of-work.js';
import { systemRandom } from '../clock.js';
import { ApiTokens } from '../core/api-tokens.js';
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
  /** On the manager's channel: a revoked token is refused at once by every process. */
  readonly apiTokens: ApiTokens;
  /**
   * Makes a change and its audit entry as one unit (one transaction: the accounts and the audit
   * log share the database), as the app's accounts service does.
   */
  change<T>(work: (tx: CliChange) => Promise<T>): Promise<T>;
}

/** What a command's change writes through. */
export interface CliChange {
  readonly accounts: AccountStore;
  /** TOTP secrets and recovery codes. */
  readonly twoFactor: TwoFactorStore;
  /**
   * Records the change in the audit log: no actor (the operator at the shell has no account
   * here), no address, the user agent {@link CLI_USER_AGENT}.
   */
  record(
    type: AccountEvent['type'],
    accountId: string | null,
    detail?: AccountEvent['detail'],
  ): Promise<void>;
}

/** How the audit log names a change made with the command line. */
export const CLI_USER_AGENT = 'latchkey command line';

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
    const apiTokens = new ApiTokens({
      store: createSqlApiTokenStore(opened.db),
      invalidation: manager.invalidation,
      cache: { maxTokens: 0 },
      clock: io.now,
    });
    const runUnit = createUnitRunner({
      store: accounts,
      twoFactor: createSqlTwoFactorStore(opened.db),
      passkeys: null,
      apiTokens: apiTokens.store,
      auditLog: createSqlAuditLog(opened.db),
    });
    const change = <T>(work: (tx: CliChange) => Promise<T>) =>
      runUnit((stores) => {
        // The runner always has the log it was given.
        const audit = createAuditRecorder(
          stores.auditLog ?? createSqlAuditLog(opened.db),
          io.now,
          systemRandom,
        );
        return work({
          accounts: stores.store,
          twoFactor: stores.twoFactor ?? createSqlTwoFactorStore(opened.db),
          record: (type, accountId, detail) =>
            audit.record(
              eventFrom(
                type,
                accountId,
                { address: null, userAgent: CLI_USER_AGENT },
                { actorId: null, ...(detail ? { detail } : {}) },
              ),
            ),
        });
      });
    return await work({ opened, db: opened.db, accounts, manager, apiTokens, change });
  } finally {
    manager?.close();
    await opened.close();
  }
}
