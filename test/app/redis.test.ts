/**
 * The reference app with `REDIS_URL`: sessions, remember tokens and throttle counters live in
 * Redis (not the database); and with Redis gone the app answers a clear 503, never a 500 or a
 * wrongly authenticated page, and recovers by itself when Redis is back.
 */
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { describeRedis } from '../support/redis.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.js';
import {
  cookieValue,
  isLoggedIn,
  JSON_CLIENT,
  jsonOf,
  locationPath,
  SESSION_COOKIE,
} from './support/checks.js';
import { changePassword, login, signUp } from './support/flows.js';
import { startTestApp, useTestApp } from './support/test-app.js';

describeRedis('the reference app on Redis', (run) => {
  const app = useTestApp(() => ({ env: { REDIS_URL: run.url, REDIS_PREFIX: run.prefix } }));
  const tableRows = (table: string) =>
    app.sql((db) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
  const keysOf = async (kind: string) =>
    (await run.keys()).filter((key) => key.startsWith(`${run.prefix}${kind}:`));

  it('answers /healthz with 200 naming Redis while the database and Redis answer', async () => {
    const reply = await app.browser().get('/healthz');
    expect(reply.status).toBe(200);
    expect(jsonOf(reply)).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('keeps sessions and remember tokens in Redis, none in the database, and restores from them', async () => {
    const before = (await keysOf('session')).length;
    const { browser } = await signUp(app, { label: 'rds', remember: true });
    expect((await keysOf('session')).length).toBeGreaterThan(before);
    expect((await keysOf('token')).length).toBeGreaterThan(0);
    expect(tableRows('latchkey_sessions')).toBe(0);
    expect(tableRows('latchkey_tokens')).toBe(0);
    browser.closeBrowser();
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('counts failed logins in Redis', async () => {
    const { who } = await signUp(app, { label: 'rdsthr' });
    const before = (await keysOf('counter')).length;
    expect((await login(app.browser(), { ...who, password: 'wrong password' })).status).toBe(401);
    expect((await keysOf('counter')).length).toBeGreaterThan(before);
    expect(tableRows('latchkey_counters')).toBe(0);
  });

  it('a password change ends the other browser’s session in Redis and keeps this one', async () => {
    const { who, browser } = await signUp(app, { label: 'rdspw' });
    const other = app.browser();
    expect(locationPath(await login(other, who))).toBe('/');
    expect((await changePassword(browser, who, `${who.password} and more`)).status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(true);
    expect(await isLoggedIn(other)).toBe(false);
  });

  it('a logout on one app instance is refused by a second one sharing Redis within 100 ms', async () => {
    const second = await startTestApp({
      env: {
        REDIS_URL: run.url,
        REDIS_PREFIX: run.prefix,
        DATABASE_URL: `sqlite:${join(app.dataDir, 'app.db')}`,
      },
    });
    try {
      const { browser } = await signUp(app, { label: 'rds2' });
      const elsewhere = second.browser();
      elsewhere.setCookie(SESSION_COOKIE, cookieValue(browser, SESSION_COOKIE));
      // Twice: the second answer comes from the second instance's cache.
      expect(await isLoggedIn(elsewhere)).toBe(true);
      expect(await isLoggedIn(elsewhere)).toBe(true);
      expect((await browser.submit('/auth/logout', {}, { page: '/profile' })).status).toBe(302);
      await vi.waitFor(async () => expect(await isLoggedIn(elsewhere)).toBe(false), {
        timeout: 100,
        interval: 2,
      });
    } finally {
      await second.close();
    }
  });

  it('answers 503 while Redis is down, never 500 or a logged-in page, and recovers by itself', async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    const faulty = await startTestApp({ env: { REDIS_URL: redis.url } });
    try {
      const { who, browser } = await signUp(faulty, { label: 'rdsdown' });
      expect((await browser.get('/profile')).status).toBe(200);

      await redis.stop();
      await vi.waitFor(
        async () => expect((await faulty.browser().get('/healthz')).status).toBe(503),
        { timeout: 5_000, interval: 20 },
      );
      const health = await faulty.browser().get('/healthz');
      expect(jsonOf(health)).toMatchObject({ status: 'unavailable', redis: 'unavailable' });
      const page = await browser.get('/profile');
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('5');
      expect(page.text).toContain('Service unavailable');
      expect(page.text).not.toContain(who.username);
      const json = await browser.get('/profile', JSON_CLIENT);
      expect(json.status).toBe(503);
      expect(jsonOf(json)).toEqual({ error: 'service_unavailable' });
      expect((await login(faulty.browser(), who)).status).toBe(503);

      await redis.start();
      await vi.waitFor(
        async () => expect((await faulty.browser().get('/healthz')).status).toBe(200),
        { timeout: 10_000, interval: 50 },
      );
      // The restarted server is empty (no persistence): the old session is gone, not trusted.
      expect(await isLoggedIn(browser)).toBe(false);
      expect(locationPath(await login(browser, who))).toBe('/');
      expect(await isLoggedIn(browser)).toBe(true);
    } finally {
      await faulty.close();
      await redis.stop();
    }
  }, 60_000);

  it('starts while Redis is down, answering 503 until Redis comes up, then works', async () => {
    const redis = await startPrivateRedis();
    await redis.stop();
    const early = await startTestApp({ env: { REDIS_URL: redis.url } });
    try {
      expect((await early.browser().get('/healthz')).status).toBe(503);
      await redis.start();
      await vi.waitFor(
        async () => expect((await early.browser().get('/healthz')).status).toBe(200),
        { timeout: 10_000, interval: 50 },
      );
      const { browser } = await signUp(early, { label: 'rdslate' });
      expect(await isLoggedIn(browser)).toBe(true);
    } finally {
      await early.close();
      await redis.stop();
    }
  }, 60_000);
});
