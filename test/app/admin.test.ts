/**
 * The admin pages over HTTP: ADMIN_EMAIL makes an admin; /admin/ answers 403 to non-admins, the
 * login redirect to anonymous visitors and the reauthentication redirect to stale admins;
 * disabling ends the victim's session, remember-me cookie and API tokens at once; the audit log.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Browser } from './support/browser.js';
import {
  cookieValue,
  isLoggedIn,
  JSON_CLIENT,
  jsonOf,
  locationPath,
  loggedInWith,
  nextOf,
  REMEMBER_COOKIE,
} from './support/checks.js';
import { type Identity, login, newIdentity, register, signUp } from './support/flows.js';
import { elementsWith, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const ADMIN_EMAIL = `root-${randomBytes(4).toString('hex')}@example.test`;
const app = useTestApp({ env: { ADMIN_EMAIL: ` ${ADMIN_EMAIL.toUpperCase()} ` } });

const ADMIN_GETS = ['/admin/users', '/admin/users?q=x', '/admin/audit'];
const ACTIONS = ['disable', 'enable', 'revoke-sessions'] as const;

let admin: { who: Identity; browser: Browser } | null = null;

/** The one ADMIN_EMAIL account, registered, confirmed and logged in once for the suite. */
async function theAdmin(): Promise<{ who: Identity; browser: Browser }> {
  admin ??= await signUp(app, { who: { ...newIdentity('root'), email: ADMIN_EMAIL } });
  return admin;
}

/** The row of the account with this email on /admin/users?q=…: its id, text and cells by class. */
async function rowOf(browser: Browser, email: string) {
  const page = await browser.get(`/admin/users?q=${encodeURIComponent(email)}`);
  expect(page.status).toBe(200);
  const rows = elementsWith(page.text, 'data-user-id');
  const row = rows.find((r) => textOf(r.inner).includes(email));
  if (!row) throw new Error(`no row for ${email}`);
  const cells: Record<string, string> = {};
  for (const cell of elementsWith(row.inner, 'class')) {
    cells[cell.tag.attributes.class ?? ''] = textOf(cell.inner);
  }
  return { id: row.tag.attributes['data-user-id'] ?? '', text: textOf(row.inner), cells };
}

/** Submits an admin action as the admin would: from the users page, with its CSRF token. */
async function act(browser: Browser, id: string, action: (typeof ACTIONS)[number]) {
  return browser.submit(`/admin/users/${id}/${action}`, {}, { page: '/admin/users' });
}

/** A victim logged in with remember-me, holding an API token, and their row's id. */
async function victim(label: string) {
  const signedUp = await signUp(app, { label, remember: true });
  const made = await signedUp.browser.submit('/auth/tokens', {
    name: 'ci',
    scope: 'profile:read',
  });
  const token = elementsWith(made.text, 'data-api-token')[0];
  const value = token ? textOf(token.inner) : '';
  expect(value).toMatch(/^lk_/);
  const { browser: root } = await theAdmin();
  const { id } = await rowOf(root, signedUp.who.email);
  return {
    ...signedUp,
    id,
    token: value,
    remember: cookieValue(signedUp.browser, REMEMBER_COOKIE),
  };
}

function me(token: string) {
  return app.browser().get('/api/me', { authorization: `Bearer ${token}` });
}

describe('ADMIN_EMAIL and /admin/users', () => {
  it('the ADMIN_EMAIL address registers as an admin and opens /admin/users', async () => {
    const { who, browser } = await theAdmin();
    const { cells } = await rowOf(browser, who.email);
    expect(cells).toMatchObject({ 'user-username': who.username, 'user-role': 'admin' });
  });

  it('lists each account in a data-user-id element with email, username, role, confirmed, disabled and last login', async () => {
    const { browser } = await theAdmin();
    const unconfirmed = newIdentity('fresh');
    await register(app.browser(), unconfirmed);
    expect((await rowOf(browser, unconfirmed.email)).cells).toMatchObject({
      'user-email': unconfirmed.email,
      'user-username': unconfirmed.username,
      'user-role': 'user',
      'user-confirmed': 'no',
      'user-disabled': 'no',
      'user-last-login': 'never',
    });
    const loggedIn = await signUp(app, { label: 'listed' });
    const { cells } = await rowOf(browser, loggedIn.who.email);
    expect(cells['user-confirmed']).toBe('yes');
    expect(cells['user-last-login']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  });

  it('q finds accounts by part of the email or username, ignoring case', async () => {
    const { browser } = await theAdmin();
    const tag = randomBytes(3).toString('hex');
    const a = await signUp(app, { who: { ...newIdentity('qa'), username: `Needle_${tag}` } });
    const b = await signUp(app, { label: 'other' });
    const page = await browser.get(`/admin/users?q=${`needle_${tag}`.toUpperCase()}`);
    const text = textOf(page.text);
    expect(text).toContain(a.who.email);
    expect(text).not.toContain(b.who.email);
    expect(elementsWith(page.text, 'data-user-id')).toHaveLength(1);
  });

  it('a search over 254 characters gets 400, not a 500', async () => {
    const { browser } = await theAdmin();
    expect((await browser.get(`/admin/users?q=${'a'.repeat(300)}`)).status).toBe(400);
  });
});

describe('who may open /admin/', () => {
  it('a logged-in account that is not an admin gets 403 on every /admin/ route', async () => {
    const { browser } = await signUp(app, { label: 'plain' });
    const { id } = await rowOf((await theAdmin()).browser, (await theAdmin()).who.email);
    for (const path of ADMIN_GETS) {
      expect((await browser.get(path)).status, path).toBe(403);
      const json = await browser.get(path, JSON_CLIENT);
      expect(json.status, path).toBe(403);
      expect(jsonOf(json), path).toEqual({ error: 'forbidden' });
    }
    const token = await browser.csrfToken('/auth/logout', '/profile');
    for (const action of ACTIONS) {
      const reply = await browser.post(`/admin/users/${id}/${action}`, { csrf_token: token });
      expect(reply.status, action).toBe(403);
    }
    expect(await isLoggedIn((await theAdmin()).browser)).toBe(true);
  });

  it('an unconfirmed account that is not an admin gets 403 too', async () => {
    const who = newIdentity('unconf');
    const browser = app.browser();
    await register(browser, who);
    expect((await login(browser, who)).status).toBe(302);
    expect((await browser.get('/admin/users')).status).toBe(403);
    expect(jsonOf(await browser.get('/admin/audit', JSON_CLIENT))).toEqual({ error: 'forbidden' });
  });

  it('an anonymous visitor gets the login redirect (a JSON client 401 login_required)', async () => {
    for (const path of ADMIN_GETS) {
      const reply = await app.browser().get(path);
      expect(reply.status, path).toBe(302);
      expect(locationPath(reply)?.startsWith('/auth/login?next='), path).toBe(true);
      expect(nextOf(reply), path).toBe(path);
      expect(jsonOf(await app.browser().get(path, JSON_CLIENT))).toEqual({
        error: 'login_required',
      });
    }
    const anonymous = app.browser();
    const token = await anonymous.csrfToken('/auth/login');
    const post = await anonymous.post('/admin/users/x/disable', { csrf_token: token });
    expect(post.status).toBe(302);
    expect(locationPath(post)?.startsWith('/auth/login')).toBe(true);
  });

  it('an admin whose login is not fresh is sent to reauthenticate', async () => {
    const { who } = await theAdmin();
    const browser = app.browser();
    expect((await login(browser, who, { remember: true })).status).toBe(302);
    browser.closeBrowser();
    for (const path of ADMIN_GETS) {
      const reply = await browser.get(path);
      expect(reply.status, path).toBe(302);
      expect(locationPath(reply)?.startsWith('/auth/reauthenticate?next='), path).toBe(true);
      expect(nextOf(reply), path).toBe(path);
      expect(jsonOf(await browser.get(path, JSON_CLIENT))).toEqual({
        error: 'reauthentication_required',
      });
    }
    const again = await browser.submit('/auth/reauthenticate?next=%2Fadmin%2Fusers', {
      password: who.password,
    });
    expect(locationPath(again)).toBe('/admin/users');
    expect((await browser.get('/admin/users')).status).toBe(200);
  });
});

describe('POST /admin/users/<id>/disable, enable and revoke-sessions', () => {
  it('disable refuses the victim’s open session on its next request, its remember-me cookie and its token', async () => {
    const target = await victim('victim');
    expect(await isLoggedIn(target.browser)).toBe(true);
    expect((await me(target.token)).status).toBe(200);
    const reply = await act((await theAdmin()).browser, target.id, 'disable');
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/admin/users');
    expect(await isLoggedIn(target.browser)).toBe(false);
    expect(await loggedInWith(app, REMEMBER_COOKIE, target.remember, true)).toBe(false);
    const api = await me(target.token);
    expect(api.status).toBe(401);
    expect(jsonOf(api)).toEqual({ error: 'invalid_token' });
    expect((await rowOf((await theAdmin()).browser, target.who.email)).cells).toMatchObject({
      'user-disabled': 'yes',
    });
  });

  it('a disabled account gets the same login answer as a wrong password; enable lets it in again', async () => {
    const target = await victim('disabledlogin');
    await act((await theAdmin()).browser, target.id, 'disable');
    const off = await login(app.browser(), target.who);
    const wrong = await login(app.browser(), {
      ...target.who,
      password: `${target.who.password}x`,
    });
    expect(off.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(textOf(off.text)).toBe(textOf(wrong.text));
    const enabled = await act((await theAdmin()).browser, target.id, 'enable');
    expect(enabled.status).toBe(302);
    const browser = app.browser();
    expect((await login(browser, target.who)).status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('an admin cannot disable their own account', async () => {
    const { who, browser } = await theAdmin();
    const { id } = await rowOf(browser, who.email);
    const token = await browser.csrfToken('/auth/logout', '/admin/users');
    const reply = await browser.post(`/admin/users/${id}/disable`, { csrf_token: token });
    expect(reply.status).toBe(409);
    expect(await isLoggedIn(browser)).toBe(true);
    expect((await rowOf(browser, who.email)).cells['user-disabled']).toBe('no');
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('revoke-sessions logs the account out everywhere', async () => {
    const target = await victim('revoked');
    const elsewhere = app.browser();
    await login(elsewhere, target.who);
    const reply = await act((await theAdmin()).browser, target.id, 'revoke-sessions');
    expect(reply.status).toBe(302);
    expect(await isLoggedIn(target.browser)).toBe(false);
    expect(await isLoggedIn(elsewhere)).toBe(false);
    expect(await loggedInWith(app, REMEMBER_COOKIE, target.remember, true)).toBe(false);
  });

  it('an action without a valid CSRF token gets 403 and changes nothing', async () => {
    const target = await victim('csrf');
    const { browser } = await theAdmin();
    const reply = await browser.post(`/admin/users/${target.id}/disable`, { csrf_token: 'nope' });
    expect(reply.status).toBe(403);
    expect(await isLoggedIn(target.browser)).toBe(true);
  });

  it('an unknown account id gets 404', async () => {
    const { browser } = await theAdmin();
    const token = await browser.csrfToken('/auth/logout', '/admin/users');
    for (const action of ACTIONS) {
      const reply = await browser.post(`/admin/users/no-such-id/${action}`, { csrf_token: token });
      expect(reply.status, action).toBe(404);
    }
  });
});

describe('GET /admin/audit', () => {
  it('shows the audit log newest first, the latest admin action on top', async () => {
    const target = await victim('audited');
    const { browser } = await theAdmin();
    await act(browser, target.id, 'revoke-sessions');
    const page = await browser.get('/admin/audit');
    expect(page.status).toBe(200);
    const rows = elementsWith(page.text, 'data-audit-id');
    const ids = rows.map((row) => row.tag.attributes['data-audit-id'] ?? '');
    expect(ids).toEqual([...ids].sort().reverse());
    expect(textOf(rows[0]?.inner ?? '')).toContain('account_sessions_revoked');
    expect(textOf(rows[0]?.inner ?? '')).toContain(target.id);
  });

  it('a malformed page cursor gets 400', async () => {
    const { browser } = await theAdmin();
    expect((await browser.get('/admin/audit?before=%27;drop')).status).toBe(400);
  });
});
