/**
 * Faults with real processes: the app's PostgreSQL connections killed (`pg_terminate_backend`,
 * found by application_name) while a relay keeps new ones from getting through, and `kill -9`
 * in the middle of registrations, on PostgreSQL and on a SQLite file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgres } from '../accounts/support/postgres.js';
import { Browser } from '../app/support/browser.js';
import { isLoggedIn, JSON_CLIENT, locationPath } from '../app/support/checks.js';
import { type Identity, login, newIdentity, register, signUp } from '../app/support/flows.js';
import { type MailCatcher, startMailCatcher } from '../app/support/mail-catcher.js';
import { type LoopbackRelay, startLoopbackRelay } from '../support/loopback-relay.js';
import { waitFor } from '../support/wait-for.js';
import { type AppProcess, startAppProcess } from './support/app-process.js';
import { copyAt, REVOCATION_BOUND_MS, refusedAfter, type Side } from './support/two-apps.js';

/** The answer `/profile` gives `browser`: `in` (200 showing `who`), `out`, `503`, or else. */
async function profileAnswer(browser: Browser, who: Identity): Promise<string> {
  const reply = await browser.get('/profile');
  if (reply.status === 200) return reply.text.includes(who.username) ? 'in' : 'in as someone else';
  if (reply.status === 302 && locationPath(reply)?.startsWith('/auth/login')) return 'out';
  if (reply.status === 503 && reply.headers.get('retry-after') !== null) return '503';
  return `${reply.status}`;
}

/** Logs `browser` out and returns a copy of the cookies it held: a revoked session. */
async function revokedCopy(browser: Browser): Promise<Browser> {
  const copy = copyAt(browser, browser.base);
  const csrf = await browser.csrfToken('/auth/logout');
  expect((await browser.post('/auth/logout', { csrf_token: csrf })).status).toBe(302);
  return copy;
}

/** Registers from several browsers at once until `kill` is called; which were answered 302. */
function registerUntilKilled(side: Side, label: string) {
  const attempted: string[] = [];
  const answered: Identity[] = [];
  let killed = false;
  const loop = async () => {
    while (!killed) {
      const who = newIdentity(label);
      attempted.push(who.email);
      try {
        if ((await register(side.browser(), who)).status === 302) answered.push(who);
      } catch {
        // The connection was cut by the kill: this registration's answer never came.
      }
    }
  };
  const loops = Promise.all(Array.from({ length: 6 }, loop));
  return {
    attempted,
    answered,
    async kill() {
      await waitFor('a few registrations answered', () => answered.length >= 8, {
        timeoutMs: 30_000,
      });
      side.process.stop('SIGKILL');
      killed = true;
      await side.process.exited;
      await loops;
    },
  };
}

interface AccountRow {
  email: string;
  username: string;
  password_hash: string;
  created_at: number | string;
}

/** No account is half made, every answered one is there, none comes from nowhere. */
function expectWholeAccounts(
  rows: readonly AccountRow[],
  attempted: readonly string[],
  answered: readonly Identity[],
) {
  const emails = rows.map((row) => row.email);
  for (const { email } of answered) expect(emails, email).toContain(email);
  for (const row of rows) {
    expect(attempted).toContain(row.email);
    expect(row.username.length).toBeGreaterThan(2);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[^$]+\$[^$]+$/);
    expect(Number(row.created_at)).toBeGreaterThan(0);
  }
  expect(new Set(emails).size).toBe(emails.length);
}

function sideOf(process: AppProcess, mail: MailCatcher): Side {
  return {
    url: process.url,
    process,
    mail,
    browser: (options) => new Browser(process.url, options),
  };
}

describePostgres('the app when PostgreSQL goes away', (run) => {
  const appName = `latchkey_fault_${randomBytes(5).toString('hex')}`;
  let proxy: LoopbackRelay;
  let mail: MailCatcher;
  let a: Side;
  let b: Side;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    const direct = new URL(run.connectionString());
    proxy = await startLoopbackRelay({ host: direct.hostname, port: Number(direct.port || 5432) });
    const relayed = new URL(direct);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(proxy.port);
    relayed.searchParams.set('application_name', appName);
    mail = await startMailCatcher();
    const env = (url: URL) => ({
      DATABASE_URL: url.href,
      SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
    });
    const started = await Promise.all([
      startAppProcess({ env: env(relayed) }),
      startAppProcess({ env: env(direct) }),
    ]);
    processes.push(...started);
    a = sideOf(started[0], mail);
    b = sideOf(started[1], mail);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((one) => one.stop()));
    await mail?.close();
    await proxy?.close();
  }, 60_000);

  /** Ends every connection A has to PostgreSQL, as an administrator would. */
  async function killConnectionsOfA(): Promise<number> {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
      where application_name = ${appName}`.execute(run.db() as Kysely<unknown>);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = ${appName}`.execute(run.db());
    return rows.length;
  }

  async function listeningAgain(): Promise<boolean> {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
      where application_name = ${appName} and query like 'LISTEN%'`.execute(run.db());
    return Number(rows[0]?.n) === 1;
  }

  it('cut off, A answers 503 (page and JSON) where it needs the database, and /healthz 503; back, it recovers by itself', async () => {
    const { who, browser } = await signUp(a, { label: 'outage' });
    expect(await isLoggedIn(browser)).toBe(true);
    expect(await isLoggedIn(browser)).toBe(true);
    const other = a.browser();
    expect(locationPath(await login(other, who))).toBe('/');
    const revoked = await revokedCopy(other);

    proxy.refuseNew();
    expect(await killConnectionsOfA()).toBeGreaterThan(0);
    await waitFor(
      '/healthz to say 503',
      async () => (await a.browser().get('/healthz')).status === 503,
    );
    // The process notices its listener is gone within moments; until then its cache is right.
    const meanwhile = new Set<string>();
    await waitFor('the logged-in browser to get 503', async () => {
      const answer = await profileAnswer(browser, who);
      meanwhile.add(answer);
      return answer === '503';
    });
    expect([...meanwhile].filter((answer) => answer !== 'in' && answer !== '503')).toEqual([]);
    expect(await profileAnswer(revoked, who)).toBe('503');
    const json = await browser.get('/profile', JSON_CLIENT);
    expect(json.status).toBe(503);
    expect(JSON.parse(json.text)).toMatchObject({ error: 'service_unavailable' });

    // Meanwhile B, which still reaches PostgreSQL, logs this session out: A must not miss it.
    const cookiesBefore = copyAt(browser, a.url);
    const onB = browser.at(b.url);
    const csrf = await onB.csrfToken('/auth/logout');
    expect((await onB.post('/auth/logout', { csrf_token: csrf })).status).toBe(302);

    proxy.restore();
    await waitFor(
      '/healthz to say 200',
      async () => (await a.browser().get('/healthz')).status === 200,
      {
        timeoutMs: 15_000,
      },
    );
    expect(await profileAnswer(cookiesBefore, who)).toBe('out');
    expect(await profileAnswer(revoked, who)).toBe('out');
    const again = a.browser();
    expect(locationPath(await login(again, who))).toBe('/');
    expect(await profileAnswer(again, who)).toBe('in');

    // Listening again, A hears B's revocations at once, as before the outage.
    await waitFor('A to LISTEN again', listeningAgain, { timeoutMs: 15_000 });
    expect(await isLoggedIn(again)).toBe(true);
    const fromB = copyAt(again, b.url);
    const held = copyAt(again, a.url);
    const token = await fromB.csrfToken('/auth/logout');
    expect((await fromB.post('/auth/logout', { csrf_token: token })).status).toBe(302);
    expect((await refusedAfter(held, performance.now())).sentMs).toBeLessThan(REVOCATION_BOUND_MS);
  });

  it('connections killed again and again while requests run: every answer is right or 503, never 500, never a wrong login', async () => {
    const { who, browser } = await signUp(a, { label: 'churn' });
    const other = a.browser();
    expect(locationPath(await login(other, who))).toBe('/');
    const revoked = await revokedCopy(other);
    const answers = { live: new Map<string, number>(), revoked: new Map<string, number>() };
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const until = performance.now() + 1_500;
    let kills = 0;
    const killing = (async () => {
      while (performance.now() < until) {
        kills += await killConnectionsOfA();
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    const asking = Array.from({ length: 3 }, async () => {
      while (performance.now() < until) {
        count(answers.live, await profileAnswer(copyAt(browser, a.url), who));
        count(answers.revoked, await profileAnswer(copyAt(revoked, a.url), who));
      }
    });
    await Promise.all([killing, ...asking]);
    expect(kills).toBeGreaterThan(0);
    expect([...answers.live.keys()].filter((key) => key !== 'in' && key !== '503')).toEqual([]);
    expect([...answers.revoked.keys()].filter((key) => key !== 'out' && key !== '503')).toEqual([]);
    await waitFor('A to answer again', async () => (await profileAnswer(browser, who)) === 'in', {
      timeoutMs: 15_000,
    });
    expect(await profileAnswer(revoked, who)).toBe('out');
  });

  it('kill -9 in the middle of registrations leaves no half-made account and loses none answered 302', async () => {
    const label = `crashpg${randomBytes(2).toString('hex')}`;
    const registrations = registerUntilKilled(b, label);
    await registrations.kill();
    const { rows } = await sql<AccountRow>`select email, username, password_hash, created_at
      from users where email like ${`${label}-%`}`.execute(run.db());
    expectWholeAccounts(rows, registrations.attempted, registrations.answered);
    // The surviving process logs the last one answered in: whole, not just present.
    const last = registrations.answered.at(-1) as Identity;
    expect((await login(a.browser(), last)).status).toBe(302);
  });
});

describe('the app on SQLite killed with -9 in the middle of registrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-crash-'));
  const path = join(dir, 'app.db');
  let mail: MailCatcher;
  let app: Side;
  beforeAll(async () => {
    mail = await startMailCatcher();
    const started = await startAppProcess({
      env: { DATABASE_URL: `sqlite:${path}`, SMTP_URL: `smtp://127.0.0.1:${mail.port}` },
    });
    app = sideOf(started, mail);
  }, 120_000);
  afterAll(async () => {
    await app?.process.stop('SIGKILL');
    await mail?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no half-made account, loses none answered 302, and the file is intact', async () => {
    const registrations = registerUntilKilled(app, 'crashlite');
    await registrations.kill();
    const db = new Database(path);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare('select email, username, password_hash, created_at from users')
        .all() as AccountRow[];
      expectWholeAccounts(rows, registrations.attempted, registrations.answered);
    } finally {
      db.close();
    }
  });
});
