/**
 * API tokens over HTTP: /auth/tokens makes (shown once), lists and revokes them; /api/me answers
 * only bearer tokens with profile:read; a cookie never opens /api/, a token never opens a page.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Reply } from './support/browser.js';
import { isLoggedIn, JSON_CLIENT, jsonOf, locationPath, nextOf } from './support/checks.js';
import { changePassword, newPassword, resetLink, setNewPassword, signUp } from './support/flows.js';
import { elementsWith, formFor, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();
const DAY = 86_400_000;

/** Makes a token from the form; answers the reply and the value shown once. */
async function makeToken(browser: Browser, fields: Record<string, string | string[]>) {
  const reply = await browser.submit('/auth/tokens', fields);
  const shown = elementsWith(reply.text, 'data-api-token').map((e) => textOf(e.inner));
  return { reply, token: shown[0] ?? '' };
}

function me(token: string | null, headers: Record<string, string> = {}): Promise<Reply> {
  return app
    .browser()
    .get('/api/me', token === null ? headers : { authorization: `Bearer ${token}`, ...headers });
}

function expectInvalidToken(reply: Reply): void {
  expect(reply.status).toBe(401);
  expect(jsonOf(reply)).toEqual({ error: 'invalid_token' });
  expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
}

/** The listed tokens: id and each detail by class. */
async function listed(browser: Browser) {
  const page = await browser.get('/auth/tokens');
  expect(page.status).toBe(200);
  return {
    page,
    tokens: elementsWith(page.text, 'data-token-id').map((element) => {
      const cells: Record<string, string> = {};
      for (const cell of elementsWith(element.inner, 'class')) {
        cells[cell.tag.attributes.class ?? ''] = textOf(cell.inner);
      }
      return { id: element.tag.attributes['data-token-id'] ?? '', cells };
    }),
  };
}

describe('POST /auth/tokens', () => {
  it('shows a new lk_ token once in data-api-token, and /api/me answers it', async () => {
    const { who, browser } = await signUp(app, { label: 'maker' });
    const { reply, token } = await makeToken(browser, { name: 'ci', scope: 'profile:read' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(token).toMatch(/^lk_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const api = await me(token);
    expect(api.status).toBe(200);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect(jsonOf(api)).toEqual({ username: who.username, email: who.email });
    const { page } = await listed(browser);
    expect(page.text).not.toContain(token);
    expect(page.text).not.toContain(token.split('.')[1]);
  });

  it('lists each token with data-token-id, name, scopes, created, expires (30 days) and last used', async () => {
    const { browser } = await signUp(app, { label: 'lister' });
    const { token } = await makeToken(browser, { name: 'deploy bot', scope: 'profile:read' });
    const before = (await listed(browser)).tokens;
    expect(before).toHaveLength(1);
    expect(before[0]?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(before[0]?.cells).toMatchObject({
      'token-name': 'deploy bot',
      'token-scopes': 'profile:read',
      'token-last-used': 'Never',
    });
    const at = (cell: string) =>
      Date.parse(`${(before[0]?.cells[cell] ?? '').replace(' UTC', '')}Z`);
    const created = at('token-created');
    const expires = at('token-expires');
    expect(expires - created).toBe(30 * DAY);
    expect((await me(token)).status).toBe(200);
    const after = (await listed(browser)).tokens;
    expect(after[0]?.cells['token-last-used']).toMatch(/UTC$/);
  });

  it('takes scope more than once, expires_days from 1 to 365, and no scope at all', async () => {
    const { browser } = await signUp(app, { label: 'scopes' });
    const twice = await makeToken(browser, {
      name: 'twice',
      scope: ['profile:read', 'profile:read'],
      expires_days: '365',
    });
    expect(twice.reply.status).toBe(200);
    expect((await me(twice.token)).status).toBe(200);
    const none = await makeToken(browser, { name: 'none', expires_days: '1' });
    expect(none.reply.status).toBe(200);
    const refused = await me(none.token);
    expect(refused.status).toBe(403);
    expect(jsonOf(refused)).toEqual({ error: 'insufficient_scope' });
  });

  it.each([
    ['expires_days 0', { name: 'x', scope: 'profile:read', expires_days: '0' }],
    ['expires_days 366', { name: 'x', scope: 'profile:read', expires_days: '366' }],
    ['expires_days that is not a number', { name: 'x', expires_days: 'soon' }],
    ['an unknown scope', { name: 'x', scope: 'admin:everything' }],
    ['no name', { name: '', scope: 'profile:read' }],
  ])('refuses %s with 422 and makes no token', async (_label, fields) => {
    const { browser } = await signUp(app, { label: 'refused' });
    const { reply, token } = await makeToken(browser, fields);
    expect(reply.status).toBe(422);
    expect(token).toBe('');
    expect(formFor(reply.text, '/auth/tokens')).toBeDefined();
    expect((await listed(browser)).tokens).toEqual([]);
  });

  it('a repeated name is still refused with 400 (only scope may repeat)', async () => {
    const { browser } = await signUp(app, { label: 'repeat' });
    const { reply } = await makeToken(browser, { name: ['a', 'b'], scope: 'profile:read' });
    expect(reply.status).toBe(400);
  });
});

describe('who may use /auth/tokens', () => {
  it('an anonymous visitor gets the login redirect, a stale login the reauthentication one', async () => {
    const anonymous = await app.browser().get('/auth/tokens');
    expect(locationPath(anonymous)).toBe('/auth/login?next=%2Fauth%2Ftokens');
    const { browser } = await signUp(app, { label: 'stale', remember: true });
    browser.closeBrowser();
    const stale = await browser.get('/auth/tokens');
    expect(stale.status).toBe(302);
    expect(locationPath(stale)?.startsWith('/auth/reauthenticate?next=')).toBe(true);
    expect(nextOf(stale)).toBe('/auth/tokens');
    expect(jsonOf(await browser.get('/auth/tokens', JSON_CLIENT))).toEqual({
      error: 'reauthentication_required',
    });
  });

  it('/profile links to /auth/tokens', async () => {
    const { browser } = await signUp(app, { label: 'profilelink' });
    expect((await browser.get('/profile')).text).toContain('href="/auth/tokens"');
  });
});

describe('POST /auth/tokens/<id>/revoke', () => {
  it('stops the token at once; another account cannot revoke it', async () => {
    const { browser } = await signUp(app, { label: 'revoker' });
    const { token } = await makeToken(browser, { name: 'ci', scope: 'profile:read' });
    const [{ id } = { id: '' }] = (await listed(browser)).tokens;
    expect((await me(token)).status).toBe(200);
    const other = await signUp(app, { label: 'intruder' });
    const foreign = await other.browser.submit(
      `/auth/tokens/${id}/revoke`,
      {},
      {
        page: '/auth/tokens',
      },
    );
    expect(foreign.status).toBe(404);
    expect((await me(token)).status).toBe(200);
    const reply = await browser.submit(`/auth/tokens/${id}/revoke`, {}, { page: '/auth/tokens' });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/auth/tokens');
    expectInvalidToken(await me(token));
    expect((await listed(browser)).tokens).toEqual([]);
  });
});

describe('GET /api/me', () => {
  it('a missing, unknown, malformed or non-bearer credential gets 401 invalid_token with WWW-Authenticate: Bearer', async () => {
    expectInvalidToken(await me(null));
    expectInvalidToken(await me(`lk_${'a'.repeat(22)}.${'b'.repeat(43)}`));
    expectInvalidToken(await me('not-a-token'));
    expectInvalidToken(await me(null, { authorization: 'Basic dXNlcjpwYXNz' }));
    expectInvalidToken(await me(null, { authorization: `Bearer ${'x'.repeat(5000)}` }));
  });

  it('an expired token gets 401 once its days have passed on the clock', async () => {
    const { browser } = await signUp(app, { label: 'expiry' });
    const { token } = await makeToken(browser, {
      name: 'short',
      scope: 'profile:read',
      expires_days: '1',
    });
    app.clock.advance(DAY - 60_000);
    expect((await me(token)).status).toBe(200);
    app.clock.advance(60_000);
    expectInvalidToken(await me(token));
  });

  it('a logged-in browser’s cookies never open /api/', async () => {
    const { browser } = await signUp(app, { label: 'cookieapi' });
    expectInvalidToken(await browser.get('/api/me'));
    expectInvalidToken(await browser.get('/api/me', JSON_CLIENT));
  });

  it('a bearer token never logs a browser in: pages answer it as an anonymous visitor', async () => {
    const { who, browser } = await signUp(app, { label: 'bearerpage' });
    const { token } = await makeToken(browser, { name: 'ci', scope: 'profile:read' });
    const stranger = app.browser({ headers: { authorization: `Bearer ${token}` } });
    const profile = await stranger.get('/profile');
    expect(profile.status).toBe(302);
    expect(locationPath(profile)).toBe('/auth/login?next=%2Fprofile');
    const home = await stranger.get('/');
    expect(home.text).toContain('href="/auth/login"');
    expect(textOf(home.text)).not.toContain(who.username);
    expect(stranger.cookie('session')).toBeUndefined();
  });

  it('needs no CSRF token: a POST with a bearer token is answered as the API, not as a form', async () => {
    const { browser } = await signUp(app, { label: 'nocsrf' });
    const { token } = await makeToken(browser, { name: 'ci', scope: 'profile:read' });
    const reply = await app.browser().request('/api/me', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' },
    });
    expect(reply.status).toBe(405);
    expect(jsonOf(reply)).toEqual({ error: 'method_not_allowed' });
  });
});

describe('what ends tokens', () => {
  it('a password reset ends the account’s tokens', async () => {
    const { who, browser } = await signUp(app, { label: 'resetend' });
    const { token } = await makeToken(browser, { name: 'ci', scope: 'profile:read' });
    const link = await resetLink(app, who);
    expect((await setNewPassword(app.browser(), link, newPassword())).status).toBe(302);
    expectInvalidToken(await me(token));
  });

  it('a password change keeps them working', async () => {
    const { who, browser } = await signUp(app, { label: 'changekeep' });
    const { token } = await makeToken(browser, { name: 'ci', scope: 'profile:read' });
    expect((await changePassword(browser, who, newPassword())).status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(true);
    expect((await me(token)).status).toBe(200);
  });
});
