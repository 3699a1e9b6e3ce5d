/**
 * @module Two app processes (A and B) on one database, with one SMTP catcher: started before a
 * suite, stopped after it; and the measure of how soon a revoked browser is refused.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll } from 'vitest';
import { Browser } from '../../app/support/browser.js';
import { isLoggedIn } from '../../app/support/checks.js';
import type { FlowApp } from '../../app/support/flows.js';
import { type MailCatcher, startMailCatcher } from '../../app/support/mail-catcher.js';
import { type AppProcess, startAppProcess } from './app-process.js';

/** The stated bound: another process refuses a revoked session within this many milliseconds. */
export const REVOCATION_BOUND_MS = 100;

/** One app process as the flows see it. */
export interface Side extends FlowApp {
  readonly url: string;
  readonly process: AppProcess;
}

/** Both sides; usable once the suite's first test runs. */
export interface TwoApps {
  readonly a: Side;
  readonly b: Side;
  readonly mail: MailCatcher;
}

/**
 * Starts A and B on `databaseUrl()` (read when the suite starts) before the suite, and stops them
 * (SIGTERM, checking a clean exit) after it. With `workers`, one cluster serves as both A and B.
 *
 * @example const apps = useTwoApps(() => `sqlite:${file}`); it('…', () => apps.a.browser());
 */
export function useTwoApps(
  databaseUrl: () => string,
  options: { workers?: number; env?: Readonly<Record<string, string>> } = {},
): TwoApps {
  let started: { a: Side; b: Side; mail: MailCatcher } | null = null;
  const processes: AppProcess[] = [];
  beforeAll(async () => {
    const mail = await startMailCatcher();
    const env = {
      DATABASE_URL: databaseUrl(),
      SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      ...options.env,
    };
    if (options.workers !== undefined) {
      const cluster = await startAppProcess({
        env: { ...env, WEB_CONCURRENCY: String(options.workers) },
        workers: options.workers,
      });
      processes.push(cluster);
      // A new connection per request: the primary hands connections to the workers in turn.
      const fresh = { connection: 'close' };
      started = { a: side(cluster, mail, fresh), b: side(cluster, mail, fresh), mail };
      return;
    }
    // Both at once, as a deployment starts them: one of them migrates, the other waits or
    // finds the schema up to date.
    const [a, b] = await Promise.all([startAppProcess({ env }), startAppProcess({ env })]);
    processes.push(a, b);
    started = { a: side(a, mail, {}), b: side(b, mail, {}), mail };
  }, 120_000);
  afterAll(async () => {
    const codes = await Promise.all(processes.map((one) => one.stop()));
    await started?.mail.close();
    const unclean = codes.filter((code) => code !== 0);
    if (unclean.length > 0) throw new Error(`an app process exited with ${unclean.join(', ')}`);
  }, 60_000);
  const get = () => {
    if (!started) throw new Error('the app processes start before the suite’s first test');
    return started;
  };
  return {
    get a() {
      return get().a;
    },
    get b() {
      return get().b;
    },
    get mail() {
      return get().mail;
    },
  };
}

function side(process: AppProcess, mail: MailCatcher, headers: Record<string, string>): Side {
  return {
    url: process.url,
    process,
    mail,
    browser: (options = {}) =>
      new Browser(process.url, { ...options, headers: { ...headers, ...options.headers } }),
  };
}

/** When a revoked browser was refused, in milliseconds after the revocation was answered. */
export interface Refusal {
  /** When the first request of the final refusing run was sent: every later one was refused. */
  readonly sentMs: number;
  /** When its answer came back (the sent time plus one request on a busy machine). */
  readonly answeredMs: number;
}

/**
 * Polls `/profile` with `browser`'s cookies until `settle` answers in a row refuse them (in a
 * cluster, each request may reach another worker, so one refusal alone proves little). Throws
 * after two seconds.
 *
 * @example const { sentMs } = await refusedAfter(onB, performance.now());
 */
export async function refusedAfter(browser: Browser, since: number, settle = 4): Promise<Refusal> {
  const cookies = new Map(browser.cookies);
  let refusal: Refusal | null = null;
  let run = 0;
  for (;;) {
    const sentMs = performance.now() - since;
    // A refusal expires the cookies; every poll sends the revoked ones again.
    const loggedIn = await isLoggedIn(browser.at(browser.base, new Map(cookies)));
    const answeredMs = performance.now() - since;
    if (loggedIn) {
      refusal = null;
      run = 0;
    } else {
      refusal ??= { sentMs, answeredMs };
      run += 1;
      if (run === settle) return refusal;
    }
    if (answeredMs > 2_000) throw new Error('the revoked browser was still let in after 2 s');
  }
}

/** A browser holding a copy of `browser`'s cookies, aimed at `url`: the same cookie, elsewhere. */
export function copyAt(browser: Browser, url: string): Browser {
  return browser.at(url, new Map(browser.cookies));
}

/** The median and the worst of some measurements, rounded to 0.1. */
export function summary(values: readonly number[]): { median: number; worst: number } {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 === 0
      ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
      : (sorted[Math.floor(middle)] ?? 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { median: round(median), worst: round(sorted.at(-1) ?? 0) };
}
