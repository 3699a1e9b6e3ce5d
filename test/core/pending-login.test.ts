import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';
import { isDeletion, setCookieNamed } from '../support/set-cookie.js';

const ANONYMOUS = { name: null, fresh: false, remembered: false, source: null };
const FIVE_MINUTES = 5 * 60_000;

describe('a login pending a second factor', () => {
  it('is not a login: whoami is anonymous, guarded and fresh-only routes answer 401, no session cookie', async () => {
    const h = createHarness();
    const browser = h.client();
    expect(await (await browser.get('/password/1')).json()).toEqual({ ok: true });
    expect(setCookieNamed(browser.lastSetCookies, 'session')).toBeUndefined();
    const pending = setCookieNamed(browser.lastSetCookies, 'pending_login');
    expect(pending?.value).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(pending?.attributes).toMatchObject({ httponly: '', samesite: 'Lax', 'max-age': '300' });
    expect(await (await browser.get('/whoami')).json()).toEqual(ANONYMOUS);
    expect((await browser.get('/secret')).status).toBe(401);
    expect((await browser.get('/sudo')).status).toBe(401);
    expect(await h.manager.listSessions('1')).toEqual([]);
  });

  it('a correct second factor makes a fresh login with a new session id, carrying next and remember-me', async () => {
    const h = createHarness();
    const browser = h.client();
    await browser.get('/login/2');
    const before = browser.cookies.get('session')?.value;
    await browser.get('/password/1?remember=1&next=%2Fsudo');
    // The password step already ended the earlier login of this browser.
    expect(await (await browser.get('/whoami')).json()).toEqual(ANONYMOUS);
    const done = await browser.get('/second-factor?code=good');
    expect(await done.json()).toEqual({ ok: true, next: '/sudo' });
    const session = setCookieNamed(browser.lastSetCookies, 'session');
    expect(session?.value).toMatch(/^[\w-]{43}$/);
    expect(session?.value).not.toBe(before);
    expect(setCookieNamed(browser.lastSetCookies, 'remember_token')?.attributes).toHaveProperty(
      'max-age',
    );
    expect(isDeletion(setCookieNamed(browser.lastSetCookies, 'pending_login'))).toBe(true);
    expect(await (await browser.get('/whoami')).json()).toEqual({
      name: 'Notch',
      fresh: true,
      remembered: false,
      source: 'session',
    });
    expect((await browser.get('/sudo')).status).toBe(200);
  });

  it('without remember-me at the password step, completing sets no remember-me cookie', async () => {
    const h = createHarness();
    const browser = h.client();
    await browser.get('/password/1');
    await browser.get('/second-factor?code=good');
    expect(setCookieNamed(browser.lastSetCookies, 'remember_token')).toBeUndefined();
    expect(await (await browser.get('/pending')).json()).toBeNull();
  });

  it('a wrong second factor keeps the login pending for another try, and logs no one in', async () => {
    const h = createHarness();
    const browser = h.client();
    await browser.get('/password/1');
    expect((await browser.get('/second-factor?code=bad')).status).toBe(401);
    expect(await (await browser.get('/whoami')).json()).toEqual(ANONYMOUS);
    expect(await (await browser.get('/pending')).json()).toMatchObject({ userId: '1' });
    expect(await (await browser.get('/second-factor?code=good')).json()).toMatchObject({
      ok: true,
    });
  });

  it('ends after five minutes: the second factor then logs no one in', async () => {
    const h = createHarness();
    const browser = h.client();
    await browser.get('/password/1');
    h.clock.advance(FIVE_MINUTES - 1000);
    expect(await (await browser.get('/pending')).json()).toMatchObject({ userId: '1' });
    h.clock.advance(1000);
    expect(await (await browser.get('/pending')).json()).toBeNull();
    expect((await browser.get('/second-factor?code=good')).status).toBe(401);
    expect(await (await browser.get('/whoami')).json()).toEqual(ANONYMOUS);
  });

  it('is used once: a copy of the cookie replayed after completion logs no one in', async () => {
    const h = createHarness();
    const browser = h.client();
    await browser.get('/password/1');
    const copy = browser.cookieHeader();
    await browser.get('/second-factor?code=good');
    const replay = h.client({ cookie: copy });
    expect((await replay.get('/second-factor?code=good')).status).toBe(401);
    expect(await (await replay.get('/whoami')).json()).toEqual(ANONYMOUS);
  });

  it('belongs to its browser: another browser has no pending login', async () => {
    const h = createHarness();
    await h.client().get('/password/1');
    const other = h.client();
    expect(await (await other.get('/pending')).json()).toBeNull();
    expect((await other.get('/second-factor?code=good')).status).toBe(401);
  });

  it('a forged or malformed pending cookie is no pending login and never a 5xx', async () => {
    const h = createHarness();
    for (const value of ['x', `${'a'.repeat(22)}.${'b'.repeat(43)}`, '%E0%A4%A', '"']) {
      const client = h.client({ cookie: `pending_login=${value}` });
      const response = await client.get('/pending');
      expect(response.status).toBe(200);
      expect(await response.json()).toBeNull();
    }
  });

  it('refuses an inactive user at the password step, and one disabled while pending at the end', async () => {
    const h = createHarness();
    expect(await (await h.client().get('/password/3')).json()).toEqual({ ok: false });
    const browser = h.client();
    await browser.get('/password/2');
    h.users.set('2', { id: '2', name: 'Steve', isActive: false });
    await h.manager.invalidateUser('2');
    expect(await (await browser.get('/second-factor?code=good')).json()).toEqual({
      ok: false,
      next: null,
    });
    expect(await (await browser.get('/whoami')).json()).toEqual(ANONYMOUS);
  });

  it('logging out ends a pending login', async () => {
    const h = createHarness();
    const browser = h.client();
    await browser.get('/password/1');
    await browser.get('/logout');
    expect(isDeletion(setCookieNamed(browser.lastSetCookies, 'pending_login'))).toBe(true);
    expect(await (await h.client({ cookie: 'x=1' }).get('/pending')).json()).toBeNull();
    expect((await browser.get('/second-factor?code=good')).status).toBe(401);
  });
});
