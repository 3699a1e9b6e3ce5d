/**
 * The cookies: names, attributes and lifetimes, the `__Host-` prefix over https, and the
 * remember-me cookie ending for good at logout, password change and reset.
 */
import { describe, expect, it } from 'vitest';
import { type ParsedSetCookie, parseSetCookie, setCookieNamed } from '../support/set-cookie.js';
import type { Reply } from './support/browser.js';
import { cookieValue, loggedInWith, REMEMBER_COOKIE, SESSION_COOKIE } from './support/checks.js';
import {
  changePassword,
  login,
  newPassword,
  registerConfirmed,
  resetLink,
  setNewPassword,
  signUp,
} from './support/flows.js';
import { type TestApp, useTestApp } from './support/test-app.js';

const THIRTY_DAYS = 2_592_000;

/** The one Set-Cookie line for `name` in the answer; throws when there is none. */
function cookieLine(reply: Reply, name: string): ParsedSetCookie {
  const cookie = setCookieNamed(reply.setCookies, name);
  if (!cookie) throw new Error(`no Set-Cookie for ${name} in ${JSON.stringify(reply.setCookies)}`);
  return cookie;
}

/** Registers, confirms and answers the login reply itself (to read its Set-Cookie lines). */
async function loginReply(app: TestApp, remember: boolean): Promise<Reply> {
  const who = await registerConfirmed(app, 'cookie');
  const reply = await login(app.browser(), who, { remember });
  expect(reply.status).toBe(302);
  return reply;
}

function lifetimeSeconds(cookie: ParsedSetCookie, now: number): number | undefined {
  if (cookie.attributes['max-age'] !== undefined) return Number(cookie.attributes['max-age']);
  if (cookie.attributes.expires !== undefined) {
    return Math.round((Date.parse(cookie.attributes.expires) - now) / 1000);
  }
  return undefined;
}

describe('over http', () => {
  const app = useTestApp();

  it('the session cookie is named session, HttpOnly, SameSite Lax or Strict, with no Expires or Max-Age', async () => {
    const cookie = cookieLine(await loginReply(app, false), SESSION_COOKIE);
    expect(cookie.attributes).toHaveProperty('httponly');
    expect(cookie.attributes.samesite?.toLowerCase()).toMatch(/^(lax|strict)$/);
    expect(cookie.attributes).not.toHaveProperty('expires');
    expect(cookie.attributes).not.toHaveProperty('max-age');
    expect(cookie.attributes.path).toBe('/');
  });

  it('the remember-me cookie is named remember_token, persistent for 30 days by default, HttpOnly, SameSite', async () => {
    const reply = await loginReply(app, true);
    const cookie = cookieLine(reply, REMEMBER_COOKIE);
    expect(cookie.attributes).toHaveProperty('httponly');
    expect(cookie.attributes.samesite?.toLowerCase()).toMatch(/^(lax|strict)$/);
    const lifetime = lifetimeSeconds(cookie, app.clock.now()) ?? 0;
    expect(Math.abs(lifetime - THIRTY_DAYS)).toBeLessThanOrEqual(5);
  });

  it('cookies are not Secure and unprefixed when PUBLIC_URL is http and COOKIE_SECURE is unset', async () => {
    const reply = await loginReply(app, true);
    expect(cookieLine(reply, SESSION_COOKIE).attributes).not.toHaveProperty('secure');
    expect(reply.setCookies.some((line) => line.startsWith('__Host-'))).toBe(false);
  });

  it('a failed login sets no persistent cookie, whatever failed and with remember_me', async () => {
    const who = await registerConfirmed(app, 'failcookie');
    const disabled = await registerConfirmed(app, 'failoff');
    app.sql((db) =>
      db.prepare('UPDATE users SET disabled = 1 WHERE email = ?').run(disabled.email),
    );
    const attempts = [
      { email: `nobody-${who.email}`, password: who.password },
      { email: who.email, password: `${who.password}x` },
      disabled,
    ];
    const replies: Reply[] = [];
    for (const attempt of attempts) {
      replies.push(await login(app.browser(), attempt, { remember: true }));
      // A browser already logged in keeps its login and gets no new cookie either.
      const { browser } = await signUp(app, { label: 'failbusy' });
      replies.push(await login(browser, attempt, { remember: true }));
    }
    for (const reply of replies) {
      expect(reply.status).toBe(401);
      const persistent = reply.setCookies
        .map((line) => parseSetCookie(line))
        .filter((cookie) => (lifetimeSeconds(cookie, Date.now()) ?? 0) > 0);
      expect(persistent).toEqual([]);
      expect(setCookieNamed(reply.setCookies, REMEMBER_COOKIE)).toBeUndefined();
    }
  });

  it('replaying a remember-me value after logout logs no one in', async () => {
    const { browser } = await signUp(app, { label: 'replaylogout', remember: true });
    const value = cookieValue(browser, REMEMBER_COOKIE);
    await browser.submit('/auth/logout', {}, { page: '/profile' });
    expect(await loggedInWith(app, REMEMBER_COOKIE, value, true)).toBe(false);
  });

  it('replaying a remember-me value after a password change logs no one in', async () => {
    const { who, browser } = await signUp(app, { label: 'replaychange', remember: true });
    const value = cookieValue(browser, REMEMBER_COOKIE);
    expect((await changePassword(browser, who, newPassword())).status).toBe(302);
    expect(await loggedInWith(app, REMEMBER_COOKIE, value, true)).toBe(false);
  });

  it('replaying a remember-me value after a reset logs no one in', async () => {
    const { who, browser } = await signUp(app, { label: 'replayreset', remember: true });
    const value = cookieValue(browser, REMEMBER_COOKIE);
    const link = await resetLink(app, who);
    expect((await setNewPassword(app.browser(), link, newPassword())).status).toBe(302);
    expect(await loggedInWith(app, REMEMBER_COOKIE, value, true)).toBe(false);
  });
});

describe('COOKIE_SECURE=1 over http', () => {
  const app = useTestApp({ env: { COOKIE_SECURE: '1' } });

  it('forces the Secure flag on both cookies', async () => {
    const reply = await loginReply(app, true);
    const names = reply.setCookies.map((line) => parseSetCookie(line));
    const session = names.find((cookie) => cookie.name.endsWith(SESSION_COOKIE));
    const remember = names.find((cookie) => cookie.name.endsWith(REMEMBER_COOKIE));
    expect(session?.attributes).toHaveProperty('secure');
    expect(remember?.attributes).toHaveProperty('secure');
  });
});

describe('PUBLIC_URL over https, with a shorter REMEMBER_COOKIE_DURATION', () => {
  const app = useTestApp({
    env: { PUBLIC_URL: 'https://accounts.example.test', REMEMBER_COOKIE_DURATION: '86400' },
  });

  it('names both cookies with the __Host- prefix: Secure, Path=/, no Domain', async () => {
    const reply = await loginReply(app, true);
    for (const name of [`__Host-${SESSION_COOKIE}`, `__Host-${REMEMBER_COOKIE}`]) {
      const cookie = cookieLine(reply, name);
      expect(cookie.attributes, name).toHaveProperty('secure');
      expect(cookie.attributes.path, name).toBe('/');
      expect(cookie.attributes, name).not.toHaveProperty('domain');
      expect(cookie.attributes, name).toHaveProperty('httponly');
    }
    expect(reply.setCookies.some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });

  it('REMEMBER_COOKIE_DURATION sets the remember-me lifetime in seconds', async () => {
    const reply = await loginReply(app, true);
    const cookie = cookieLine(reply, `__Host-${REMEMBER_COOKIE}`);
    expect(Math.abs((lifetimeSeconds(cookie, app.clock.now()) ?? 0) - 86_400)).toBeLessThanOrEqual(
      5,
    );
  });

  it('the prefixed cookies keep the user logged in, and logout expires both', async () => {
    const { browser } = await signUp(app, { label: 'hostprefix', remember: true });
    expect(browser.cookie(`__Host-${SESSION_COOKIE}`)).toBeDefined();
    expect((await browser.get('/profile')).status).toBe(200);
    const reply = await browser.submit('/auth/logout', {}, { page: '/profile' });
    expect(reply.status).toBe(302);
    expect(browser.cookie(`__Host-${SESSION_COOKIE}`)).toBeUndefined();
    expect(browser.cookie(`__Host-${REMEMBER_COOKIE}`)).toBeUndefined();
  });
});
