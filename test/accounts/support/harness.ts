/**
 * @module The accounts service on real parts: a SQLite file in a temp folder, the SQL stores,
 * a real LoginManager with a movable clock, a recording mailer and browsers that keep cookies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach } from 'vitest';
import {
  type Account,
  type AccountEvent,
  type AccountResult,
  type AccountStore,
  Accounts,
  type AccountsOptions,
  type AuditLog,
  accountLoginOptions,
  createSqlAccountStore,
  createSqlApiTokenStore,
  createSqlAuditLog,
  createSqlPasskeyStore,
  createSqlTwoFactorStore,
  type FlowResult,
  migrateAccounts,
} from '../../../src/accounts/index.js';
import { ApiTokens } from '../../../src/core/api-tokens.js';
import { LoginManager } from '../../../src/core/manager.js';
import { createPasswordHasher, type PasswordHasher } from '../../../src/password/index.js';
import { createSqlStores, migrateLatchkey, type SqlStores } from '../../../src/stores/sql/index.js';
import { openSqliteDatabase } from '../../../src/stores/sql/sqlite-entry.js';
import { createTestClock, type TestClock } from '../../../src/testing/index.js';
import { Browser } from './browser.js';
import { Outbox } from './outbox.js';

/** Where mail links point in these tests. */
export const PUBLIC_URL = 'https://accounts.example';
/** A password every policy check accepts. */
export const GOOD_PASSWORD = 'plum velvet orbit cascade 42';
/** Another acceptable password. */
export const NEW_PASSWORD = 'quiet harbour lantern meadow 7';

/** How often each hasher method ran. */
export interface HashCounts {
  hash: number;
  verify: number;
  dummyVerify: number;
}

/** Everything a flow test needs. */
export interface AccountsHarness {
  readonly db: Kysely<unknown>;
  readonly store: AccountStore;
  readonly stores: SqlStores;
  readonly manager: LoginManager<Account>;
  readonly accounts: Accounts;
  readonly outbox: Outbox;
  readonly clock: TestClock;
  readonly events: AccountEvent[];
  readonly hashing: HashCounts;
  /** The audit log the service writes (SQL, in the same database). */
  readonly auditLog: AuditLog;
  /** The API tokens the service issues and ends. */
  readonly apiTokens: ApiTokens;
  /** A new browser from `address` (default 203.0.113.7) with no cookies. */
  browser(address?: string): Browser;
  /** Registers an account through the service without confirming it; answers the result. */
  register(email: string, options?: RegisterOptions): Promise<FlowResult>;
  /** Registers an account through the service and confirms it by its mailed link. */
  signUp(email: string, username?: string, password?: string): Promise<Account>;
  /** One login attempt from `browser` (default a new one); answers the service's result. */
  tryLogin(email: string, password?: string, browser?: Browser): Promise<AccountResult>;
  /** Logs `email` in with {@link GOOD_PASSWORD} and answers the browser; throws when refused. */
  logIn(email: string, options?: LogInOptions): Promise<Browser>;
  /** Another service over the same store, manager and outbox (default hasher, no events). */
  accountsWith(options: Partial<AccountsOptions>): Accounts;
}

/** Options of {@link AccountsHarness.register}. */
export interface RegisterOptions {
  /** Default: the email's local part. */
  readonly username?: string;
  /** Default: {@link GOOD_PASSWORD}. */
  readonly password?: string;
  /** Default: a new browser from the default address. */
  readonly browser?: Browser;
}

/** Options of {@link AccountsHarness.logIn}. */
export interface LogInOptions {
  /** Default: a new browser from the default address. */
  readonly browser?: Browser;
  readonly remember?: boolean;
}

/** Options of a harness: any accounts option, and whether to keep the default (OWASP) hasher. */
export type HarnessOptions = Partial<Omit<AccountsOptions, 'store' | 'manager' | 'mailer'>> & {
  readonly defaultHasher?: boolean;
  /** Turn on TOTP and passkeys on the harness's own SQLite file, under these keys. */
  readonly secondFactorKeys?: readonly string[];
  /** A database to use instead of a new SQLite file (migrated here; the caller closes it). */
  readonly database?: Kysely<unknown>;
};

/** Argon2id at the lowest cost the library accepts: the flows' logic, at half the time. */
const cheapHasher = createPasswordHasher({ argon2: { memoryCost: 7168, timeCost: 5 } });

/**
 * Registers the clean-up hook and returns the harness factory; call it at a test file's top level.
 */
export function useAccountsHarness(): (options?: HarnessOptions) => Promise<AccountsHarness> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return async (options = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-accounts-flows-'));
    const db = options.database ?? openSqliteDatabase<unknown>(join(dir, 'app.db'));
    await migrateLatchkey(db);
    await migrateAccounts(db);
    const store = createSqlAccountStore(db);
    const stores = createSqlStores(db as never);
    const clock = createTestClock();
    const manager = new LoginManager<Account>({
      ...accountLoginOptions(store),
      stores,
      clock: clock.now,
    });
    const auditLog = createSqlAuditLog(db);
    const apiTokens = new ApiTokens({
      store: createSqlApiTokenStore(db),
      invalidation: manager.invalidation,
      clock: clock.now,
    });
    cleanups.push(async () => {
      apiTokens.close();
      manager.close();
      if (!options.database) await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    const hashing: HashCounts = { hash: 0, verify: 0, dummyVerify: 0 };
    const { defaultHasher, secondFactorKeys, database: _database, ...accountsOptions } = options;
    const secondFactor = secondFactorKeys
      ? {
          twoFactor: { store: createSqlTwoFactorStore(db), encryptionKeys: secondFactorKeys },
          passkeys: { store: createSqlPasskeyStore(db) },
        }
      : {};
    const outbox = new Outbox();
    const events: AccountEvent[] = [];
    const accounts = new Accounts({
      store,
      manager,
      mailer: outbox,
      publicUrl: PUBLIC_URL,
      onEvent: (event) => events.push(event),
      audit: auditLog,
      apiTokens,
      ...(defaultHasher ? {} : { hasher: counting(cheapHasher, hashing) }),
      ...secondFactor,
      ...accountsOptions,
    });
    cleanups.unshift(async () => {
      await accounts.settled();
      accounts.close();
    });
    const harness: AccountsHarness = {
      db,
      store,
      stores,
      manager,
      accounts,
      outbox,
      clock,
      events,
      hashing,
      auditLog,
      apiTokens,
      browser: (address = '203.0.113.7') => new Browser(manager, address),
      register(
        email,
        {
          username = email.split('@')[0] ?? 'someone',
          password = GOOD_PASSWORD,
          browser = harness.browser(),
        } = {},
      ) {
        return browser.run((auth) =>
          accounts.register(auth, { email, username, password, password2: password }),
        );
      },
      async signUp(email, username, password = GOOD_PASSWORD) {
        const browser = harness.browser('198.51.100.1');
        const result = await harness.register(email, { username, password, browser });
        if (!result.ok) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
        const confirmed = await accounts.confirm(outbox.token('confirm', email.toLowerCase()));
        if (!confirmed.ok) throw new Error(`confirmation failed: ${confirmed.reason}`);
        return confirmed.account;
      },
      tryLogin(email, password = GOOD_PASSWORD, browser = harness.browser()) {
        return browser.run((auth) => accounts.login(auth, { email, password }));
      },
      async logIn(email, { browser = harness.browser(), remember = false } = {}) {
        const result = await browser.run((auth) =>
          accounts.login(auth, { email, password: GOOD_PASSWORD, remember }),
        );
        if (!result.ok) throw new Error(`login failed: ${JSON.stringify(result)}`);
        return browser;
      },
      accountsWith: (overrides) =>
        new Accounts({ store, manager, mailer: outbox, publicUrl: PUBLIC_URL, ...overrides }),
    };
    return harness;
  };
}

/** Wraps a hasher to count its calls, so tests can see that a hash ran in every case. */
function counting(inner: PasswordHasher, counts: HashCounts): PasswordHasher {
  return {
    algorithm: inner.algorithm,
    hash: (password) => {
      counts.hash += 1;
      return inner.hash(password);
    },
    verify: (stored, password) => {
      counts.verify += 1;
      return inner.verify(stored, password);
    },
    needsRehash: (stored) => inner.needsRehash(stored),
    dummyVerify: () => {
      counts.dummyVerify += 1;
      return inner.dummyVerify();
    },
  };
}
