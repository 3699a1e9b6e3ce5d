/**
 * @module The reference app as the security tests drive it: started for real (its own SQLite
 * file, a silent logger, a movable clock), reached in-process through `app.request` or over
 * HTTP, with a cookie-keeping client for either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import type { HttpTimeouts } from '../../../app/http-limits.js';
import { type RunningApp, startApp } from '../../../app/server.js';
import { createTestClock, type TestClock } from '../../../src/testing/index.js';
import { csrfTokenOf } from '../../app/support/html.js';
import { parseSetCookie } from '../../support/set-cookie.js';

/** A key well over the 32 characters production asks for. */
export const SECRET_KEY = 'security-tests-secret-key-0123456789abcdefghijklmnop';

/** A password every policy check accepts. */
export const GOOD_PASSWORD = 'plum velvet orbit cascade 42';

/** Options of {@link startSecurityApp}. */
export interface SecurityAppOptions {
  /** Environment on top of the defaults; `undefined` removes a default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly httpTimeouts?: Partial<HttpTimeouts>;
}

/** A started app. */
export interface SecurityApp {
  readonly running: RunningApp;
  /** Where it listens over HTTP. */
  readonly url: string;
  readonly clock: TestClock;
  /** A client through `app.request` (no socket: the client address is unknown). */
  client(): Client;
  /** A client over HTTP to {@link url}. */
  httpClient(): Client;
  /** Runs `work` on the app's SQLite file through a second connection. */
  sql<T>(work: (db: Database.Database) => T): T;
  close(): Promise<void>;
}

/**
 * Starts the app on 127.0.0.1, port 0, with a dev outbox (no SMTP) and a movable clock.
 *
 * @example const app = await startSecurityApp(); const page = await app.client().get('/');
 */
export async function startSecurityApp(options: SecurityAppOptions = {}): Promise<SecurityApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-security-'));
  const databasePath = join(dataDir, 'app.db');
  const clock = createTestClock(Date.now());
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `sqlite:${databasePath}`,
    SECRET_KEY,
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  const running = await startApp({
    env,
    clock: clock.now,
    logger: pino({ level: 'silent' }),
    ...(options.httpTimeouts ? { httpTimeouts: options.httpTimeouts } : {}),
  });
  const inProcess: Send = (path, init) => Promise.resolve(running.app.request(path, init));
  const overHttp: Send = (path, init) =>
    fetch(new URL(path, running.url), { ...init, redirect: 'manual' });
  return {
    running,
    url: running.url,
    clock,
    client: () => new Client(inProcess),
    httpClient: () => new Client(overHttp),
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
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Send = (path: string, init?: RequestInit) => Promise<Response>;

/** What a request answered, its body read. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly location: string | null;
}

/** One browser-like client: keeps cookies, never follows redirects. */
export class Client {
  readonly cookies = new Map<string, string>();
  /** Every `Set-Cookie` line this client was sent, oldest first. */
  readonly setCookieLines: string[] = [];
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  async request(path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    const response = await this.#send(path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const set = parseSetCookie(line);
      if (set.attributes['max-age'] === '0') this.cookies.delete(set.name);
      else this.cookies.set(set.name, set.value);
    }
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      location: response.headers.get('location'),
    };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request(path, { headers });
  }

  /** POSTs a raw URL-encoded body. */
  postRaw(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** A CSRF token valid for this client's next POSTs (from the form page at `page`). */
  async csrfToken(page = '/auth/login'): Promise<string> {
    const token = csrfTokenOf((await this.get(page)).text);
    if (!token) throw new Error(`no csrf_token on ${page}`);
    return token;
  }

  /** POSTs `fields` with a valid CSRF token. */
  async submit(path: string, fields: Record<string, string>, page = path): Promise<Answer> {
    const csrf_token = await this.csrfToken(page);
    return this.postRaw(path, new URLSearchParams({ csrf_token, ...fields }).toString());
  }
}

/**
 * Registers an account through the app (unconfirmed: it can log in all the same).
 *
 * @example await register(app.client(), 'alice@example.com', 'alice');
 */
export async function register(client: Client, email: string, username: string): Promise<void> {
  const reply = await client.submit('/auth/register', {
    email,
    username,
    password: GOOD_PASSWORD,
    password2: GOOD_PASSWORD,
  });
  if (reply.status !== 302) throw new Error(`registration answered ${reply.status}`);
}
