/**
 * Logging in and out: where login redirects, the same refusal for every failure, session
 * values that change at login, remember-me, and logout ending both cookies.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from './support/browser.js';
import {
  cookieValue,
  isLoggedIn,
  locationPath,
  loggedInWith,
  REMEMBER_COOKIE,
  SESSION_COOKIE,
} from './support/checks.js';
import { login, newIdentity, registerConfirmed, signUp } from './support/flows.js';
import { textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(work: () => Promise<Reply>): Promise<{ reply: Reply; ms: number }> {
  const started = performance.now();
  const reply = await work();
  return { reply, ms: performance.now() - started };
}

describe('POST /auth/login', () => {
  it('logs in and answers 302 to / without next', async () => {
    const who = await registerConfirmed(app, 'plain');
    const browser = app.browser();
    const reply = await login(browser, who);
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/');
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('answers 302 to next when it is a safe same-site path', async () => {
    const who = await registerConfirmed(app, 'next');
    const reply = await login(app.browser(), who, { next: '/profile?tab=1' });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/profile?tab=1');
  });

  it('answers 302 to / when next points off-site', async () => {
    const who = await registerConfirmed(app, 'unsafe');
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
    ]) {
      const reply = await login(app.browser(), who, { next });
      expect(reply.status, next).toBe(302);
      expect(locationPath(reply), next).toBe('/');
      expect(reply.location?.includes('evil.example'), next).toBe(false);
    }
  });

  it('a login-only page sent to login comes back there after logging in', async () => {
    const who = await registerConfirmed(app, 'roundtrip');
    const browser = app.browser();
    const sent = await browser.get('/profile');
    expect(locationPath(sent)).toBe('/auth/login?next=%2Fprofile');
    const reply = await browser.submit(locationPath(sent) ?? '', {
      email: who.email,
      password: who.password,
    });
    expect(locationPath(reply)).toBe('/profile');
  });
});

describe('a failed login says nothing about why', () => {
  it('unknown email, wrong password and disabled account get the same status and page', async () => {
    const who = await registerConfirmed(app, 'enum');
    const disabled = await registerConfirmed(app, 'disabled');
    app.sql((db) =>
      db.prepare('UPDATE users SET disabled = 1 WHERE email = ?').run(disabled.email),
    );
    const unknown = await login(app.browser(), {
      email: newIdentity('nobody').email,
      password: who.password,
    });
    const wrong = await login(app.browser(), { email: who.email, password: `${who.password}x` });
    const off = await login(app.browser(), disabled);
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(unknown.status);
    expect(off.status).toBe(unknown.status);
    expect(textOf(wrong.text)).toBe(textOf(unknown.text));
    expect(textOf(off.text)).toBe(textOf(unknown.text));
    expect(textOf(unknown.text)).toContain('Invalid email or password.');
    for (const reply of [unknown, wrong, off]) {
      expect(
        reply.setCookies.some(
          (line) => line.startsWith(`${SESSION_COOKIE}=`) && !/max-age=0/i.test(line),
        ),
      ).toBe(false);
    }
  });

  it('an unknown email takes about as long as a wrong password (a hash runs in both cases)', async () => {
    const who = await registerConfirmed(app, 'timing');
    const unknownTimes: number[] = [];
    const wrongTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const browser = app.browser();
      const token = await browser.csrfToken('/auth/login');
      const attempt = (email: string) =>
        browser.post('/auth/login', { email, password: `${who.password}!`, csrf_token: token });
      unknownTimes.push((await timed(() => attempt(newIdentity('ghost').email))).ms);
      wrongTimes.push((await timed(() => attempt(who.email))).ms);
    }
    // Without a dummy hash the unknown case would take a small fraction of the hashed one.
    expect(median(unknownTimes)).toBeGreaterThan(median(wrongTimes) * 0.4);
    expect(median(wrongTimes)).toBeGreaterThan(median(unknownTimes) * 0.4);
  });
});

describe('the session cookie value', () => {
  it('changes at login, and the value from before stops working at once', async () => {
    const { who, browser } = await signUp(app, { label: 'rotate' });
    const before = cookieValue(browser, SESSION_COOKIE);
    expect((await login(browser, who)).status).toBe(302);
    const after = browser.cookie(SESSION_COOKIE)?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await loggedInWith(app, SESSION_COOKIE, before)).toBe(false);
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('a value planted before login is not kept (no session fixation)', async () => {
    const who = await registerConfirmed(app, 'fixation');
    const browser = app.browser();
    const planted = 'planted-session-value-0123456789abcdef';
    browser.setCookie(SESSION_COOKIE, planted);
    expect((await login(browser, who)).status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(true);
    expect(browser.cookie(SESSION_COOKIE)?.value).not.toBe(planted);
    expect(await loggedInWith(app, SESSION_COOKIE, planted)).toBe(false);
  });
});

describe('remember me', () => {
  it('without remember_me, closing the browser logs out', async () => {
    const { browser } = await signUp(app, { label: 'forget' });
    expect(browser.cookie(REMEMBER_COOKIE)).toBeUndefined();
    browser.closeBrowser();
    expect(await isLoggedIn(browser)).toBe(false);
  });

  it('with remember_me=y, a reopened browser is still logged in under a new session value', async () => {
    const { browser } = await signUp(app, { label: 'remember', remember: true });
    const before = browser.cookie(SESSION_COOKIE)?.value;
    expect(browser.cookie(REMEMBER_COOKIE)?.expiresAt).not.toBeNull();
    browser.closeBrowser();
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    const reply = await browser.get('/profile');
    expect(reply.status).toBe(200);
    const restored = browser.cookie(SESSION_COOKIE)?.value;
    expect(restored).toBeDefined();
    expect(restored).not.toBe(before);
    expect(await isLoggedIn(browser)).toBe(true);
  });
});

describe('POST /auth/logout', () => {
  it('logs out, 302s to / and expires both cookies', async () => {
    const { browser } = await signUp(app, { label: 'logout', remember: true });
    const reply = await browser.submit('/auth/logout', {}, { page: '/profile' });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/');
    for (const name of [SESSION_COOKIE, REMEMBER_COOKIE]) {
      const line = reply.setCookies.find((cookie) => cookie.startsWith(`${name}=`));
      expect(line, name).toBeDefined();
      const expired =
        /max-age=0/i.test(line ?? '') ||
        Date.parse(/expires=([^;]+)/i.exec(line ?? '')?.[1] ?? '') <= Date.now();
      expect(expired, line).toBe(true);
    }
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(browser.cookie(REMEMBER_COOKIE)).toBeUndefined();
    expect(await isLoggedIn(browser)).toBe(false);
  });

  it('the session value from before logout logs no one in', async () => {
    const { browser } = await signUp(app, { label: 'logoutreplay' });
    const value = cookieValue(browser, SESSION_COOKIE);
    expect((await browser.submit('/auth/logout', {}, { page: '/profile' })).status).toBe(302);
    expect(await loggedInWith(app, SESSION_COOKIE, value)).toBe(false);
  });
});
