import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';
import { isDeletion, scopeOf, setCookieNamed } from '../support/set-cookie.js';

describe('logout', () => {
  it('logout() makes the current user anonymous', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    await client.get('/logout');
    expect(await (await client.get('/whoami')).json()).toEqual({
      name: null,
      fresh: false,
      remembered: false,
      source: null,
    });
  });

  it('logout() emits userLoggedOut once with the user', async () => {
    const h = createHarness();
    const seen = h.listen('userLoggedOut');
    const client = h.client();
    await client.get('/login/1');
    expect(seen).toHaveLength(0);
    await client.get('/logout');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.user?.name).toBe('Notch');
    expect(seen[0]?.userId).toBe('1');
  });

  it('logout() with the session already gone (revoked server-side) still emits userLoggedOut', async () => {
    const h = createHarness();
    const seen = h.listen('userLoggedOut');
    const client = h.client();
    await client.get('/login/1');
    await h.manager.revokeUserSessions('1');
    const response = await client.get('/logout');
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(client.cookies.has('session')).toBe(false);
  });

  it('logout() with the session already gone still expires the remember cookie and revokes its token', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    const [session] = await h.manager.listSessions('1');
    await h.manager.revokeSession(session?.id ?? '');
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toHaveLength(1);
    await client.get('/logout');
    expect(isDeletion(setCookieNamed(client.lastSetCookies, 'remember_token'))).toBe(true);
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toEqual([]);
  });

  it('a logout persists across requests', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/2');
    await client.get('/logout');
    for (let i = 0; i < 3; i++) {
      expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
    }
  });

  it('the logout response expires both cookies with the attributes they were set with', async () => {
    const h = createHarness({
      cookie: { path: '/app', domain: 'example.com', secure: true, sameSite: 'Strict' },
      remember: { path: '/app/remember', httpOnly: false },
    });
    const client = h.client();
    await client.get('/login/1?remember=1');
    const setSession = setCookieNamed(client.lastSetCookies, 'session');
    const setRemember = setCookieNamed(client.lastSetCookies, 'remember_token');
    if (!setSession || !setRemember) throw new Error('login set no cookies');
    expect(scopeOf(setSession)).toEqual({
      path: '/app',
      domain: 'example.com',
      secure: '',
      httponly: '',
      samesite: 'Strict',
    });
    expect(scopeOf(setRemember)).toEqual({
      path: '/app/remember',
      domain: 'example.com',
      secure: '',
      httponly: undefined,
      samesite: 'Strict',
    });

    await client.get('/logout');
    const dropSession = setCookieNamed(client.lastSetCookies, 'session');
    const dropRemember = setCookieNamed(client.lastSetCookies, 'remember_token');
    if (!dropSession || !dropRemember) throw new Error('logout expired no cookies');
    expect(isDeletion(dropSession)).toBe(true);
    expect(isDeletion(dropRemember)).toBe(true);
    expect(scopeOf(dropSession)).toEqual(scopeOf(setSession));
    expect(scopeOf(dropRemember)).toEqual(scopeOf(setRemember));
  });

  it('after logout a client that had a remember cookie stays logged out', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    await client.get('/logout');
    expect(client.cookies.has('remember_token')).toBe(false);
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
  });

  it('after logout a client that had a remember cookie with a per-login duration stays logged out', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1&duration=25200');
    await client.get('/logout');
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
  });

  it('replaying the old remember cookie after logout logs no one in', async () => {
    const h = createHarness();
    const theft = h.listen('rememberTokenTheft');
    const client = h.client();
    await client.get('/login/1?remember=1');
    const remember = client.cookies.get('remember_token')?.value;
    await client.get('/logout');
    const replay = h.client({ cookie: `remember_token=${remember}` });
    expect(await (await replay.get('/whoami')).json()).toMatchObject({ name: null });
    expect(isDeletion(setCookieNamed(replay.lastSetCookies, 'remember_token'))).toBe(true);
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toEqual([]);
    // The token is gone, not stolen: nothing to report.
    expect(theft).toHaveLength(0);
  });

  it('replaying the old session cookie after logout logs no one in', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const session = client.cookies.get('session')?.value;
    await client.get('/logout');
    const replay = h.client({ cookie: `session=${session}` });
    expect(await (await replay.get('/whoami')).json()).toMatchObject({ name: null });
    expect(await (await replay.get('/secret')).status).toBe(401);
  });
});
