/**
 * CSRF: a POST without a valid token, with another session's token, from another origin
 * (`null` included) or marked cross-site gets 403 and changes nothing; with no Origin the
 * token alone decides.
 */
import { describe, expect, it } from 'vitest';
import { countAccounts, isLoggedIn, JSON_CLIENT, jsonOf, locationPath } from './support/checks.js';
import {
  login,
  newIdentity,
  registerConfirmed,
  registrationFields,
  signUp,
} from './support/flows.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

/** A logged-in browser and its logout token, plus a POST of that form with extra headers. */
async function loggedIn(label: string) {
  const { who, browser } = await signUp(app, { label });
  const token = await browser.csrfToken('/auth/logout', '/profile');
  const logout = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    browser.post('/auth/logout', fields, headers);
  return { who, browser, token, logout };
}

describe('refused POSTs answer 403 and change nothing', () => {
  it('a POST without a token gets 403 and changes nothing', async () => {
    const { browser, logout } = await loggedIn('notoken');
    expect((await logout({})).status).toBe(403);
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('a POST with an empty or garbage token gets 403 and changes nothing', async () => {
    const { browser, logout } = await loggedIn('garbage');
    for (const token of ['', 'x', 'a'.repeat(200), '%00', 'null']) {
      expect((await logout({ csrf_token: token })).status, token).toBe(403);
    }
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('a POST with a token from another session gets 403 and changes nothing', async () => {
    const victim = await loggedIn('victim');
    const attacker = await loggedIn('attacker');
    expect((await victim.logout({ csrf_token: attacker.token })).status).toBe(403);
    expect(await isLoggedIn(victim.browser)).toBe(true);
    const anonymousToken = await app.browser().csrfToken('/auth/login');
    expect((await victim.logout({ csrf_token: anonymousToken })).status).toBe(403);
    expect(await isLoggedIn(victim.browser)).toBe(true);
  });

  it('a POST with an Origin other than PUBLIC_URL gets 403 and changes nothing', async () => {
    const { browser, token, logout } = await loggedIn('origin');
    for (const origin of [
      'https://evil.example',
      app.publicUrl.replace('127.0.0.1', 'localhost'),
      app.publicUrl.replace('http:', 'https:'),
    ]) {
      expect((await logout({ csrf_token: token }, { origin })).status, origin).toBe(403);
    }
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('a POST with Origin: null gets 403 and changes nothing', async () => {
    const { browser, token, logout } = await loggedIn('nullorigin');
    expect((await logout({ csrf_token: token }, { origin: 'null' })).status).toBe(403);
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('a POST with Sec-Fetch-Site: cross-site gets 403 and changes nothing', async () => {
    const { browser, token, logout } = await loggedIn('crosssite');
    const reply = await logout({ csrf_token: token }, { 'sec-fetch-site': 'cross-site' });
    expect(reply.status).toBe(403);
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('a registration with a bad token gets 403 and creates no account', async () => {
    const who = newIdentity('csrfreg');
    const browser = app.browser();
    await browser.get('/auth/register');
    const reply = await browser.post('/auth/register', {
      ...registrationFields(who),
      csrf_token: 'forged',
    });
    expect(reply.status).toBe(403);
    expect(countAccounts(app, 'email', who.email)).toBe(0);
    await app.mail.quiet();
    expect(app.mail.mailsTo(who.email)).toHaveLength(0);
  });

  it('a login from another origin gets 403 and logs no one in', async () => {
    const who = await registerConfirmed(app, 'csrflogin');
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/login');
    const reply = await browser.post(
      '/auth/login',
      { email: who.email, password: who.password, csrf_token: token },
      { origin: 'https://evil.example' },
    );
    expect(reply.status).toBe(403);
    expect(await isLoggedIn(browser)).toBe(false);
  });

  it('a password change with a cross-site token keeps the old password', async () => {
    const { who, browser } = await signUp(app, { label: 'csrfchange' });
    const token = await browser.csrfToken('/auth/change-password');
    const reply = await browser.post(
      '/auth/change-password',
      {
        old_password: who.password,
        password: 'x'.repeat(20),
        password2: 'x'.repeat(20),
        csrf_token: token,
      },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(reply.status).toBe(403);
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('a token from before login no longer works after it (the session changed)', async () => {
    const who = await registerConfirmed(app, 'csrfrotate');
    const browser = app.browser();
    const before = await browser.csrfToken('/auth/logout');
    await login(browser, who);
    expect((await browser.post('/auth/logout', { csrf_token: before })).status).toBe(403);
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('a JSON client gets 403 {"error":"csrf_failed"}', async () => {
    const { logout } = await loggedIn('csrfjson');
    const reply = await logout({}, JSON_CLIENT);
    expect(reply.status).toBe(403);
    expect(jsonOf(reply)).toEqual({ error: 'csrf_failed' });
  });
});

describe('accepted POSTs', () => {
  it('a POST with no Origin header is judged by its token alone', async () => {
    const { browser, logout, token } = await loggedIn('noorigin');
    const reply = await logout({ csrf_token: token });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/');
    expect(await isLoggedIn(browser)).toBe(false);
  });

  it("a POST with the app's own Origin and Sec-Fetch-Site: same-origin is accepted", async () => {
    const { browser, logout, token } = await loggedIn('sameorigin');
    const origin = new URL(app.publicUrl).origin;
    const reply = await logout({ csrf_token: token }, { origin, 'sec-fetch-site': 'same-origin' });
    expect(reply.status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(false);
  });

  it('403 answers are not failed logins: fifteen of them do not hold the account', async () => {
    const who = await registerConfirmed(app, 'csrfnotfail');
    const browser = app.browser();
    await browser.get('/auth/login');
    for (let i = 0; i < 15; i++) {
      const reply = await browser.post('/auth/login', {
        email: who.email,
        password: `${who.password}-wrong`,
        csrf_token: 'forged',
      });
      expect(reply.status).toBe(403);
    }
    expect((await login(browser, who)).status).toBe(302);
  });
});
