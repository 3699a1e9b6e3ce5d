/**
 * Several app processes, one truth: real `tsx app/main.ts` processes on their own ports, on one
 * SQLite file and on one PostgreSQL schema, sharing a real SMTP catcher. What one process does
 * to a login, every other process honours, and a revocation reaches the others within 100 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { describePostgres } from '../accounts/support/postgres.js';
import {
  cookieValue,
  expectClientError,
  isLoggedIn,
  locationPath,
  REMEMBER_COOKIE,
} from '../app/support/checks.js';
import {
  changePassword,
  login,
  newIdentity,
  newPassword,
  register,
  registerConfirmed,
  resetLink,
  setNewPassword,
  signUp,
} from '../app/support/flows.js';
import { describeRedis } from '../support/redis.js';
import {
  copyAt,
  REVOCATION_BOUND_MS,
  refusedAfter,
  summary,
  type TwoApps,
  useTwoApps,
} from './support/two-apps.js';

/** Logouts measured per backend; each is a login, a warm-up on B, a logout and B's refusal. */
const TRIALS = 20;

/**
 * The scenarios every backend runs; `core` keeps the ones about caches and channels (a cluster
 * on the SQLite file the two-process suite already covers for the rest).
 */
function scenarios(label: string, apps: TwoApps, only: 'all' | 'core' = 'all'): void {
  // Left out, not skipped: a cluster suite simply does not have these.
  const full = (name: string, test: () => Promise<void>) => {
    if (only === 'all') it(name, test);
  };
  it('a login on A is honoured by B', async () => {
    const { browser } = await signUp(apps.a, { label: 'across' });
    expect(await isLoggedIn(browser.at(apps.b.url))).toBe(true);
  });

  it(`a logout on A is refused by B within ${REVOCATION_BOUND_MS} ms, in each of ${TRIALS} trials`, async () => {
    const who = await registerConfirmed(apps.a, 'bound');
    const sent: number[] = [];
    const answered: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const onA = apps.a.browser();
      expect(locationPath(await login(onA, who))).toBe('/');
      const onB = copyAt(onA, apps.b.url);
      // Twice: the second answer comes from B's cache, which the logout must reach.
      expect(await isLoggedIn(onB)).toBe(true);
      expect(await isLoggedIn(onB)).toBe(true);
      const csrf = await onA.csrfToken('/auth/logout');
      expect((await onA.post('/auth/logout', { csrf_token: csrf })).status).toBe(302);
      const refusal = await refusedAfter(onB, performance.now());
      sent.push(refusal.sentMs);
      answered.push(refusal.answeredMs);
    }
    const bound = summary(sent);
    const seen = summary(answered);
    console.warn(
      `[multi-process] ${label}, ${TRIALS} logouts on A: B refused every request sent ${bound.median} ms (median), ${bound.worst} ms (worst) after the logout's answer; the first refusing answer arrived after ${seen.median} ms (median), ${seen.worst} ms (worst)`,
    );
    expect(bound.worst).toBeLessThan(REVOCATION_BOUND_MS);
  });

  full('revoking the other sessions on B ends them on A and keeps the current one', async () => {
    const { who, browser: mine } = await signUp(apps.a, { label: 'others' });
    const other = apps.a.browser();
    expect(locationPath(await login(other, who))).toBe('/');
    expect(await isLoggedIn(other)).toBe(true);
    expect(await isLoggedIn(other)).toBe(true);
    const reply = await mine
      .at(apps.b.url)
      .submit('/auth/sessions/revoke-others', {}, { page: '/auth/sessions' });
    expect(reply.status).toBe(302);
    expect((await refusedAfter(other, performance.now())).sentMs).toBeLessThan(REVOCATION_BOUND_MS);
    expect(await isLoggedIn(mine)).toBe(true);
  });

  it('a password change on B logs the other browsers out on A and keeps the one that made it', async () => {
    const { who, browser: mine } = await signUp(apps.a, { label: 'change' });
    const other = apps.a.browser();
    expect(locationPath(await login(other, who))).toBe('/');
    expect(await isLoggedIn(other)).toBe(true);
    expect(await isLoggedIn(other)).toBe(true);
    expect((await changePassword(mine.at(apps.b.url), who, newPassword())).status).toBe(302);
    expect((await refusedAfter(other, performance.now())).sentMs).toBeLessThan(REVOCATION_BOUND_MS);
    expect(await isLoggedIn(mine)).toBe(true);
  });

  full('a password reset on B logs the browser out on A', async () => {
    const { who, browser } = await signUp(apps.a, { label: 'reset' });
    expect(await isLoggedIn(browser)).toBe(true);
    expect(await isLoggedIn(browser)).toBe(true);
    const link = await resetLink(apps.b, who);
    expect((await setNewPassword(apps.b.browser(), link, newPassword())).status).toBe(302);
    expect((await refusedAfter(browser, performance.now())).sentMs).toBeLessThan(
      REVOCATION_BOUND_MS,
    );
  });

  it('a remember-me cookie issued by A restores a session on B', async () => {
    const { browser } = await signUp(apps.a, { label: 'remember', remember: true });
    browser.closeBrowser();
    const onB = browser.at(apps.b.url);
    expect(await isLoggedIn(onB)).toBe(true);
    expect(browser.cookie('session')).toBeDefined();
  });

  full(
    'replaying on B a remember token A has rotated is theft: every session and token ends, on A too',
    async () => {
      const { browser } = await signUp(apps.a, { label: 'theft', remember: true });
      const stolen = cookieValue(browser, REMEMBER_COOKIE);
      // Two restores on A rotate the token twice: the stolen value is outside any grace window.
      for (let restore = 0; restore < 2; restore++) {
        browser.closeBrowser();
        expect(await isLoggedIn(browser)).toBe(true);
      }
      expect(cookieValue(browser, REMEMBER_COOKIE)).not.toBe(stolen);
      expect(await isLoggedIn(browser)).toBe(true);
      const thief = apps.b.browser();
      thief.setCookie(REMEMBER_COOKIE, stolen, true);
      expect(await isLoggedIn(thief)).toBe(false);
      // The victim's session on A ends, and its current remember cookie restores nothing.
      expect((await refusedAfter(browser, performance.now())).sentMs).toBeLessThan(
        REVOCATION_BOUND_MS,
      );
    },
  );

  full('failed logins on A and on B add up to one count and hold the account on both', async () => {
    const who = await registerConfirmed(apps.a, 'throttle');
    for (let failure = 0; failure < 9; failure++) {
      const side = failure % 2 === 0 ? apps.a : apps.b;
      const reply = await login(side.browser(), { email: who.email, password: `${who.password}!` });
      expect(reply.status).toBe(401);
    }
    const tenth = await login(apps.b.browser(), { email: who.email, password: 'wrong' });
    expect([401, 429]).toContain(tenth.status);
    expect((await login(apps.a.browser(), who)).status).toBe(429);
    expect((await login(apps.b.browser(), who)).status).toBe(429);
  });

  full('a single-use email link followed on A is refused on B', async () => {
    const who = newIdentity('once');
    const browser = apps.a.browser();
    expect((await register(browser, who)).status).toBe(302);
    const mail = await apps.mail.waitForMail({ to: who.email, kind: 'confirm' });
    const link = mail.tokenLink as string;
    expect((await browser.get(link)).status).toBe(302);
    expectClientError(await apps.b.browser().get(link), 'the second use, on B');
  });
}

describe('two app processes on one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-multi-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  scenarios(
    'SQLite',
    useTwoApps(() => `sqlite:${join(dir, 'app.db')}`),
  );
});

describe('two cluster workers (WEB_CONCURRENCY=2) on one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-cluster-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const apps = useTwoApps(() => `sqlite:${join(dir, 'app.db')}`, { workers: 2 });
  scenarios('cluster', apps, 'core');
});

describePostgres('two app processes on one PostgreSQL schema', (run) => {
  scenarios(
    'PostgreSQL',
    useTwoApps(() => run.connectionString()),
  );
});

describePostgres('two app processes on PostgreSQL with Redis', (run) => {
  describeRedis('sessions, tokens and throttles in Redis', (redis) => {
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix };
    scenarios(
      'PostgreSQL + Redis',
      useTwoApps(() => run.connectionString(), { env }),
    );
  });
});
