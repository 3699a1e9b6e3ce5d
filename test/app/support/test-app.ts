/**
 * @module The reference app started for a test: its own SQLite file in a temp folder, a real
 * SMTP server catching its mail, a movable clock and a silent logger; one per suite with
 * {@link useTestApp}.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startApp } from '../../../app/server.js';
import { createTestClock, type TestClock } from '../../../src/testing/index.js';
import { deleteKeysUnder } from '../../support/redis.js';
import { Browser, type BrowserOptions } from './browser.js';
import { type MailCatcher, startMailCatcher } from './mail-catcher.js';

/** A key well over the 32 characters production asks for. */
export const TEST_SECRET_KEY = 'test-secret-key-for-contract-tests-0123456789abcdef';

/** Options of {@link startTestApp}. */
export interface TestAppOptions {
  /** Environment variables on top of the test defaults; `undefined` removes a default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Inject a movable clock (default true); false runs on real time (for a real browser). */
  readonly clock?: boolean;
  /** Start and wire the SMTP catcher (default true); false leaves SMTP_URL unset. */
  readonly smtp?: boolean;
}

/** A running app and everything around it. */
export interface TestApp {
  /** Where the app listens. */
  readonly url: string;
  /** PUBLIC_URL as the app reports it. */
  readonly publicUrl: string;
  readonly clock: TestClock;
  /** The SMTP catcher; throws on use when started with `smtp: false`. */
  readonly mail: MailCatcher;
  /** The app's data folder (its SQLite file, a generated secret key). */
  readonly dataDir: string;
  /** A new browser against this app, judging cookie expiry by the app's clock. */
  browser(options?: BrowserOptions): Browser;
  /** Runs `work` on the app's SQLite file through a second connection. */
  sql<T>(work: (db: Database.Database) => T): T;
  close(): Promise<void>;
}

/**
 * Starts the app on 127.0.0.1 port 0 with test defaults.
 *
 * @example const app = await startTestApp(); const page = await app.browser().get('/');
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-app-'));
  const databasePath = join(dataDir, 'app.db');
  const mail = options.smtp === false ? null : await startMailCatcher();
  const clock = createTestClock(Date.now());
  // TEST_APP_REDIS_URL runs any app test on Redis stores, under a prefix of its own.
  const redisUrl = process.env.TEST_APP_REDIS_URL || null;
  const redisPrefix = `lktest:${randomBytes(6).toString('hex')}:`;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `sqlite:${databasePath}`,
    SECRET_KEY: TEST_SECRET_KEY,
    MAIL_FROM: 'no-reply@latchkey.test',
    LOG_LEVEL: 'silent',
    ...(mail ? { SMTP_URL: `smtp://127.0.0.1:${mail.port}` } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix } : {}),
    ...options.env,
  };
  const useClock = options.clock !== false;
  const app = await startApp({
    env,
    logger: pino({ level: 'silent' }),
    ...(useClock ? { clock: clock.now } : {}),
  });
  const now = useClock ? clock.now : Date.now;
  return {
    url: app.url,
    publicUrl: app.publicUrl,
    clock,
    get mail(): MailCatcher {
      if (!mail) throw new Error('this app was started without SMTP');
      return mail;
    },
    dataDir,
    browser: (browserOptions = {}) => new Browser(app.url, { now, ...browserOptions }),
    sql(work) {
      const db = new Database(databasePath);
      try {
        db.pragma('busy_timeout = 5000');
        return work(db);
      } finally {
        db.close();
      }
    },
    async close() {
      await app.close();
      await mail?.close();
      if (redisUrl && env.REDIS_URL === redisUrl) await deleteKeysUnder(redisUrl, redisPrefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts one app for the enclosing suite (before its first test, closed after its last) and
 * answers a stand-in that reaches it; call it at a file's top level or inside a `describe`.
 * Options may be a function, read when the app starts.
 *
 * @example const app = useTestApp(); it('…', async () => { await app.browser().get('/'); });
 */
export function useTestApp(options: TestAppOptions | (() => TestAppOptions) = {}): TestApp {
  let started: TestApp | null = null;
  beforeAll(async () => {
    started = await startTestApp(typeof options === 'function' ? options() : options);
  });
  afterAll(() => started?.close());
  const app = (): TestApp => {
    if (!started) throw new Error('the test app starts before the suite’s first test');
    return started;
  };
  return {
    get url() {
      return app().url;
    },
    get publicUrl() {
      return app().publicUrl;
    },
    get clock() {
      return app().clock;
    },
    get mail() {
      return app().mail;
    },
    get dataDir() {
      return app().dataDir;
    },
    browser: (browserOptions) => app().browser(browserOptions),
    sql: (work) => app().sql(work),
    close: () => app().close(),
  };
}
