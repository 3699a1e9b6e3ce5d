/**
 * The cookies: names, attributes and lifetimes, the `__Host-` prefix over https, and the
 * remember-me cookie ending for good at logout, password change and reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSetCookie } from '../support/set-cookie.js';
import type { Reply } from './support/browser.js';
import { isLoggedIn, REMEMBER_COOKIE, SESSION_COOKIE } from './support/checks.js';
import {
  confirmFromMail,
  login,
  newIdentity,
  newPassword,
  register,
  signUp,
} from './support/flows.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const THIRTY_DAYS = 2_592_000;

function cookieLine(reply: Reply, name: string) {
  const line = reply.setCookies.find((cookie) => cookie.startsWith(`${name}=`));
  if (!line) throw new Error(`no Set-Cookie for ${name} in ${JSON.stringify(reply.setCookies)}`);
  return parseSetCookie(line);
}

/** Registers, confirms and answers the login reply itself (to read its Set-Cookie lines). */
async function loginReply(app: TestApp, remember: boolean): Promise<Reply> {
  const who = newIdentity('cookie');
  const browser = app.browser();
  await register(browser, who);
  await confirmFromMail(app, browser, who.email);
  const reply = await login(browser, who, { remember });
  expect(reply.status).toBe(302);
  return reply;
}

function lifetimeSeconds(
  cookie: ReturnType<typeof parseSetCookie>,
  now: number,
): number | undefined {
  if (cookie.attributes['max-age'] !== undefined) return Number(cookie.attributes['max-age']);
  if (cookie.attributes.expires !== undefined) {
    return Math.round((Date.parse(cookie.attributes.expires) - now) / 1000);
  }
  return undefined;
}

describe('over http', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

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

  it('replaying a remember-me value after logout logs no one in', async () => {
    const { browser } = await signUp(app, { label: 'replaylogout', remember: true });
    const value = browser.cookie(REMEMBER_COOKIE)?.value ?? '';
    expect(value).not.toBe('');
    await browser.submit('/auth/logout', {}, { page: '/profile' });
    const thief = app.browser();
    thief.setCookie(REMEMBER_COOKIE, value, true);
    expect(await isLoggedIn(thief)).toBe(false);
  });

  it('replaying a remember-me value after a password change logs no one in', async () => {
    const { who, browser } = await signUp(app, { label: 'replaychange', remember: true });
    const value = browser.cookie(REMEMBER_COOKIE)?.value ?? '';
    const password = newPassword();
    const changed = await browser.submit('/auth/change-password', {
      old_password: who.password,
      password,
      password2: password,
    });
    expect(changed.status).toBe(302);
    const thief = app.browser();
    thief.setCookie(REMEMBER_COOKIE, value, true);
    expect(await isLoggedIn(thief)).toBe(false);
  });

  it('replaying a remember-me value after a reset logs no one in', async () => {
    const { who, browser } = await signUp(app, { label: 'replayreset', remember: true });
    const value = browser.cookie(REMEMBER_COOKIE)?.value ?? '';
    await app.browser().submit('/auth/reset', { email: who.email });
    const mail = await app.mail.waitForMail({ to: who.email, kind: 'reset' });
    const resetter = app.browser();
    const link = mail.tokenLink ?? '';
    const password = newPassword();
    const reset = await resetter.submit(link, { password, password2: password }, { page: link });
    expect(reset.status).toBe(302);
    const thief = app.browser();
    thief.setCookie(REMEMBER_COOKIE, value, true);
    expect(await isLoggedIn(thief)).toBe(false);
  });
});

describe('COOKIE_SECURE=1 over http', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { COOKIE_SECURE: '1' } });
  });
  afterAll(() => app.close());

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
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: { PUBLIC_URL: 'https://accounts.example.test', REMEMBER_COOKIE_DURATION: '86400' },
    });
  });
  afterAll(() => app.close());

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
