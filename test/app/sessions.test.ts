/**
 * Fresh logins and the sessions page: remembered sessions are sent to reauthenticate,
 * reauthentication rotates the session, and `/auth/sessions` lists and revokes sessions.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from './support/browser.js';
import {
  cookieValue,
  expectClientError,
  isLoggedIn,
  JSON_CLIENT,
  jsonOf,
  locationPath,
  loggedInWith,
  nextOf,
  REMEMBER_COOKIE,
  SESSION_COOKIE,
} from './support/checks.js';
import { login, signUp } from './support/flows.js';
import { elementsWith, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

const FRESH_PAGES = ['/auth/change-password', '/auth/change-email', '/auth/sessions'];

/** A user logged in with remember-me whose browser was closed and reopened (not fresh). */
async function remembered(label: string) {
  const signedUp = await signUp(app, { label, remember: true });
  signedUp.browser.closeBrowser();
  expect(await isLoggedIn(signedUp.browser)).toBe(true);
  return signedUp;
}

describe('pages that need a fresh login', () => {
  it('answer 302 to /auth/reauthenticate?next=… for a session restored by remember-me', async () => {
    const { browser } = await remembered('stale');
    for (const path of FRESH_PAGES) {
      const reply = await browser.get(path);
      expect(reply.status, path).toBe(302);
      expect(locationPath(reply)?.startsWith('/auth/reauthenticate?next='), path).toBe(true);
      expect(nextOf(reply), path).toBe(path);
    }
  });

  it('refuse a POST to revoke-others from a restored session', async () => {
    const { browser } = await remembered('stalepost');
    const token = await browser.csrfToken('/auth/logout', '/profile');
    const reply = await browser.post('/auth/sessions/revoke-others', { csrf_token: token });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)?.startsWith('/auth/reauthenticate')).toBe(true);
  });

  it('answer a JSON client 401 {"error":"reauthentication_required"}', async () => {
    const { browser } = await remembered('stalejson');
    for (const path of FRESH_PAGES) {
      const reply = await browser.get(path, JSON_CLIENT);
      expect(reply.status, path).toBe(401);
      expect(jsonOf(reply), path).toEqual({ error: 'reauthentication_required' });
    }
  });

  it('open right after a password login', async () => {
    const { browser } = await signUp(app, { label: 'freshlogin' });
    for (const path of FRESH_PAGES) expect((await browser.get(path)).status, path).toBe(200);
  });
});

describe('POST /auth/reauthenticate', () => {
  it('makes the session fresh, 302s to the safe next, and the page opens', async () => {
    const { who, browser } = await remembered('reauth');
    const sent = await browser.get('/auth/change-password');
    const action = locationPath(sent) ?? '';
    const reply = await browser.submit(action, { password: who.password });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/auth/change-password');
    expect((await browser.get('/auth/change-password')).status).toBe(200);
  });

  it('changes the session value, and the value from before stops working at once', async () => {
    const { who, browser } = await remembered('reauthrotate');
    const before = cookieValue(browser, SESSION_COOKIE);
    const reply = await browser.submit('/auth/reauthenticate', { password: who.password });
    expect(reply.status).toBe(302);
    const after = browser.cookie(SESSION_COOKIE)?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await loggedInWith(app, SESSION_COOKIE, before)).toBe(false);
  });

  it('sends an off-site next to /', async () => {
    const { who, browser } = await remembered('reauthnext');
    const action = `/auth/reauthenticate?next=${encodeURIComponent('//evil.example/x')}`;
    const reply = await browser.submit(action, { password: who.password });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/');
  });

  it('a wrong password is refused and the session stays not fresh', async () => {
    const { who, browser } = await remembered('reauthwrong');
    expectClientError(
      await browser.submit('/auth/reauthenticate', { password: `${who.password}x` }),
    );
    expect((await browser.get('/auth/change-password')).status).toBe(302);
  });
});

/** The session entries of the sessions page. */
async function sessionEntries(browser: Browser) {
  const reply = await browser.get('/auth/sessions');
  expect(reply.status).toBe(200);
  return elementsWith(reply.text, 'data-session-id').map(({ tag, inner }) => ({
    id: tag.attributes['data-session-id'] ?? '',
    current: 'data-current' in tag.attributes,
    text: textOf(inner),
  }));
}

describe('GET /auth/sessions', () => {
  it('lists each session with data-session-id, marks the current one with data-current', async () => {
    const { who, browser } = await signUp(app, {
      label: 'list',
      browser: { headers: { 'user-agent': 'ContractTest-Alpha/1.0' } },
    });
    const other = app.browser({ headers: { 'user-agent': 'ContractTest-Beta/2.0' } });
    await login(other, who);
    const entries = await sessionEntries(browser);
    expect(entries).toHaveLength(2);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(2);
    expect(entries.filter((entry) => entry.current)).toHaveLength(1);
    const current = entries.find((entry) => entry.current);
    expect(current?.text).toContain('ContractTest-Alpha/1.0');
    const others = entries.find((entry) => !entry.current);
    expect(others?.text).toContain('ContractTest-Beta/2.0');
  });

  it('shows each session’s address and last-seen time', async () => {
    const { browser } = await signUp(app, { label: 'details' });
    const [entry] = await sessionEntries(browser);
    expect(entry?.text).toContain('127.0.0.1');
    // The copy is free; a last-seen time shows at least a clock time or a date.
    expect(entry?.text).toMatch(/\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|ago|just now/i);
  });

  it('data-session-id is never a cookie value', async () => {
    const { who, browser } = await signUp(app, { label: 'ids', remember: true });
    const other = app.browser();
    expect((await login(other, who, { remember: true })).status).toBe(302);
    const values = [browser, other].flatMap((b) =>
      [SESSION_COOKIE, REMEMBER_COOKIE].map((name) => cookieValue(b, name)),
    );
    const entries = await sessionEntries(browser);
    expect(entries).toHaveLength(2);
    for (const { id } of entries) {
      expect(id.length).toBeGreaterThan(0);
      for (const value of values) {
        expect(value).not.toBe(id);
        expect(value.includes(id)).toBe(false);
        expect(id.includes(value)).toBe(false);
      }
    }
  });
});

describe('POST /auth/sessions/revoke-others', () => {
  it('ends every other session, keeps this one, and 302s to /auth/sessions', async () => {
    const { who, browser } = await signUp(app, { label: 'revoke' });
    const other = app.browser();
    await login(other, who);
    const remembered = app.browser();
    await login(remembered, who, { remember: true });
    const reply = await browser.submit(
      '/auth/sessions/revoke-others',
      {},
      { page: '/auth/sessions' },
    );
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/auth/sessions');
    expect(await isLoggedIn(browser)).toBe(true);
    expect(await isLoggedIn(other)).toBe(false);
    remembered.closeBrowser();
    expect(await isLoggedIn(remembered)).toBe(false);
    const entries = await sessionEntries(browser);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.current).toBe(true);
  });
});
