/**
 * @module The databases the command line is pointed at in tests: a SQLite file of its own, or
 * this run's throwaway PostgreSQL schema; and an app-side login manager on the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll } from 'vitest';
import {
  type Account,
  accountLoginOptions,
  createSqlAccountStore,
} from '../../../src/accounts/index.js';
import type { CliDatabase } from '../../../src/cli/open-database.js';
import { LoginManager } from '../../../src/index.js';
import { createSqlStores, type LatchkeyDatabase } from '../../../src/stores/sql/index.js';
import { openSqliteDatabase } from '../../../src/stores/sql/sqlite-entry.js';
import { loginAs } from '../../../src/testing/index.js';
import type { PostgresRun } from '../../accounts/support/postgres.js';

/** A database for the command line, and a way to look at it from the test. */
export interface Target {
  readonly kind: 'sqlite' | 'postgres';
  /** DATABASE_URL for the command. */
  env(): Record<string, string>;
  /** The same database from the test process (opened on first use). */
  db(): Kysely<CliDatabase>;
}

/**
 * A SQLite file in a temp folder of its own, removed after the suite.
 *
 * @example const target = useSqliteTarget(); await cli.run(['db', 'migrate'], { env: target.env() });
 */
export function useSqliteTarget(fileName = 'app.db'): Target & { readonly path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
  const path = join(dir, 'data', fileName);
  let db: Kysely<CliDatabase> | null = null;
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    kind: 'sqlite',
    path,
    env: () => ({ DATABASE_URL: `sqlite:${path}` }),
    db: () => {
      db ??= openSqliteDatabase<CliDatabase>(path);
      return db;
    },
  };
}

/**
 * This run's PostgreSQL schema as a target.
 *
 * @example describePostgres('…', (run) => { const target = postgresTarget(run); … });
 */
export function postgresTarget(run: PostgresRun): Target {
  return {
    kind: 'postgres',
    env: () => ({ DATABASE_URL: run.connectionString() }),
    db: () => run.db() as Kysely<CliDatabase>,
  };
}

/** The app's side of the database: its login manager, caches off so every request reads the store. */
export interface AppSide {
  readonly manager: LoginManager<Account>;
  /** Logs the account in (with a remember-me token when asked) and returns the Cookie header. */
  login(account: Account, remember?: boolean): Promise<string>;
  /** Who a request carrying this Cookie header is, as the app would see it. */
  whoIs(cookie: string): Promise<string | null>;
  /** The account's live sessions and remember-me tokens in the store. */
  stored(accountId: string): Promise<{ sessions: number; rememberTokens: number }>;
}

/**
 * A login manager on the target's database, as a running app has.
 *
 * @example const app = appSide(target.db()); const cookie = await app.login(account, true);
 */
export function appSide(db: Kysely<CliDatabase>): AppSide {
  const stores = createSqlStores(db as unknown as Kysely<LatchkeyDatabase>);
  const manager = new LoginManager<Account>({
    ...accountLoginOptions(createSqlAccountStore(db)),
    stores,
    cache: { maxSessions: 0, maxUsers: 0 },
  });
  return {
    manager,
    login: (account, remember = false) => loginAs(manager, account, { remember }),
    async whoIs(cookie) {
      const auth = manager.begin({
        method: 'GET',
        url: 'http://latchkey.test/profile',
        header: (name) => (name.toLowerCase() === 'cookie' ? cookie : null),
        remoteAddress: null,
      });
      return (await auth.currentUser())?.email ?? null;
    },
    async stored(accountId) {
      const now = Date.now();
      const sessions = await stores.sessions.listForUser(accountId, now);
      const tokens = await stores.tokens.listForUser(accountId, now, 'remember');
      return { sessions: sessions.length, rememberTokens: tokens.length };
    },
  };
}
