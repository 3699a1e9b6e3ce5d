import { describe, expect, it, vi } from 'vitest';
import { LoginManager } from '../../src/core/manager.js';
import { LatchkeyError } from '../../src/errors.js';
import { createHarness } from '../support/harness.js';
import { setCookieNamed } from '../support/set-cookie.js';
import { notch } from '../support/users.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THIRTY_DAYS_S = 30 * 86_400;

/** The selector part of a `selector.validator` cookie value. */
function selectorOf(value: string | undefined): string {
  return value?.split('.')[0] ?? '';
}

describe('persistence and remember-me', () => {
  it('after a password login the login is fresh and not remembered', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    expect(await (await client.get('/whoami')).json()).toEqual({
      name: 'Notch',
      fresh: true,
      remembered: false,
      source: 'session',
    });
  });

  it('remember + session deleted: the next request restores the user, non-fresh and remembered', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    client.closeBrowser();
    expect(client.cookies.has('session')).toBe(false);
    expect(await (await client.get('/whoami')).json()).toEqual({
      name: 'Notch',
      fresh: false,
      remembered: true,
      source: 'remember',
    });
    // The restored login lives on in a new session.
    expect(await (await client.get('/whoami')).json()).toEqual({
      name: 'Notch',
      fresh: false,
      remembered: true,
      source: 'session',
    });
  });

  it('remember + session deleted restores the user with a per-login duration of 7 h (Max-Age 25200)', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1&duration=25200');
    expect(setCookieNamed(client.lastSetCookies, 'remember_token')?.attributes['max-age']).toBe(
      '25200',
    );
    h.clock.advance(6 * HOUR);
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Notch',
      fresh: false,
      remembered: true,
      source: 'remember',
    });
  });

  it('the default remember cookie is remember_token, 30 days, Path=/, HttpOnly, SameSite=Lax', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    const cookie = setCookieNamed(client.lastSetCookies, 'remember_token');
    expect(cookie?.attributes).toMatchObject({
      'max-age': String(THIRTY_DAYS_S),
      path: '/',
      httponly: '',
      samesite: 'Lax',
    });
    expect(cookie?.attributes.domain).toBeUndefined();
    expect(cookie?.attributes.secure).toBeUndefined();
    const [token] = await h.stores.tokens.listForUser('1', h.clock.now(), 'remember');
    expect(token?.expiresAt).toBe(h.clock.now() + 30 * DAY);
  });

  it('a custom cookie name, duration, path and domain are used; Max-Age is the duration', async () => {
    const h = createHarness({
      remember: { cookieName: 'remember', duration: 172_800, path: '/app', domain: 'example.com' },
    });
    const client = h.client();
    await client.get('/login/1?remember=1');
    expect(setCookieNamed(client.lastSetCookies, 'remember_token')).toBeUndefined();
    const cookie = setCookieNamed(client.lastSetCookies, 'remember');
    expect(cookie?.attributes).toMatchObject({
      'max-age': '172800',
      path: '/app',
      domain: 'example.com',
    });
    // The server-side expiry is now + duration, to the millisecond of the injected clock.
    const [token] = await h.stores.tokens.listForUser('1', h.clock.now(), 'remember');
    expect(token?.expiresAt).toBe(h.clock.now() + 172_800_000);
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Notch',
      source: 'remember',
    });
  });

  it('a per-login duration (7 h) overrides the configured one (172800 s)', async () => {
    const h = createHarness({ remember: { duration: 172_800 } });
    const client = h.client();
    await client.get('/login/1?remember=1&duration=25200');
    expect(setCookieNamed(client.lastSetCookies, 'remember_token')?.attributes['max-age']).toBe(
      '25200',
    );
    const [token] = await h.stores.tokens.listForUser('1', h.clock.now(), 'remember');
    expect(token?.expiresAt).toBe(h.clock.now() + 7 * HOUR);
  });

  it.each([
    ['a number of seconds', 172_800],
    ['a { days: 2 } object', { days: 2 }],
  ])('a duration configured as %s is accepted', async (_label, duration) => {
    const h = createHarness({ remember: { duration } });
    const client = h.client();
    await client.get('/login/1?remember=1');
    expect(setCookieNamed(client.lastSetCookies, 'remember_token')?.attributes['max-age']).toBe(
      '172800',
    );
  });

  it('an invalid configured duration ("123") throws invalid_duration at construction', () => {
    const construct = () =>
      new LoginManager({
        userLoader: () => null,
        remember: { duration: '123' as never },
      });
    expect(construct).toThrow(LatchkeyError);
    expect(construct).toThrow(/instead got: "123"/);
    try {
      construct();
    } catch (error) {
      expect((error as LatchkeyError).code).toBe('invalid_duration');
    }
  });

  it('an invalid per-login duration makes login() reject with invalid_duration', async () => {
    const h = createHarness();
    const auth = h.manager.begin({
      method: 'POST',
      url: 'http://latchkey.test/login',
      header: () => null,
      remoteAddress: null,
    });
    const attempt = auth.login(notch, { remember: true, duration: '123' as never });
    await expect(attempt).rejects.toBeInstanceOf(LatchkeyError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_duration' });
    await expect(attempt).rejects.toThrow(/instead got: "123"/);
    // Nothing was half-done: no session, no token.
    expect(await h.stores.sessions.listForUser('1', h.clock.now())).toEqual([]);
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toEqual([]);
  });

  it('an invalid per-login duration makes the request answer 500 (a programming error)', async () => {
    const h = createHarness();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const client = h.client();
      const response = await client.get('/login/1?remember=1&duration=-5');
      expect(response.status).toBe(500);
      expect(client.cookies.size).toBe(0);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('without refreshEachRequest the remember cookie is not re-issued on later requests', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    h.clock.advance(2 * HOUR);
    await client.get('/whoami');
    expect(setCookieNamed(client.lastSetCookies, 'remember_token')).toBeUndefined();
    // Nor after a restore, beyond the rotation that the restore itself sends.
    client.closeBrowser();
    await client.get('/whoami');
    h.clock.advance(2 * HOUR);
    await client.get('/whoami');
    expect(setCookieNamed(client.lastSetCookies, 'remember_token')).toBeUndefined();
  });

  it('with refreshEachRequest a later request re-issues the cookie with a fresh Max-Age and moves the stored expiry', async () => {
    const h = createHarness({ remember: { refreshEachRequest: true } });
    const client = h.client();
    await client.get('/login/1?remember=1');
    const value = client.cookies.get('remember_token')?.value;
    h.clock.advance(2 * HOUR);
    await client.get('/whoami');
    const cookie = setCookieNamed(client.lastSetCookies, 'remember_token');
    expect(cookie?.value).toBe(value);
    expect(cookie?.attributes['max-age']).toBe(String(THIRTY_DAYS_S));
    const token = await h.stores.tokens.get(selectorOf(value));
    expect(token?.expiresAt).toBe(h.clock.now() + 30 * DAY);
  });

  it('restore from the cookie emits userLoadedFromCookie once with the user', async () => {
    const h = createHarness();
    const seen = h.listen('userLoadedFromCookie');
    const client = h.client();
    await client.get('/login/1?remember=1');
    client.closeBrowser();
    await client.get('/whoami');
    await client.get('/whoami');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.user.name).toBe('Notch');
    expect(seen[0]?.userId).toBe('1');
  });

  it('a non-ASCII user id (佐藤) round-trips through the remember cookie', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get(`/login/${encodeURIComponent('佐藤')}?remember=1`);
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Müller',
      source: 'remember',
    });
  });
});
