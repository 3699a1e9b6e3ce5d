import { describe, expect, it } from 'vitest';
import type { RequestView } from '../../src/core/request-view.js';
import { createHarness } from '../support/harness.js';
import { type TestUser, userTable } from '../support/users.js';

const tokens = new Map([['token-of-steve', '2']]);

/** Reads `?user_id=…` or `Authorization: Bearer …`, as an API-key loader would. */
function requestLoaderOver(users: Map<string, TestUser>, calls: { count: number }) {
  return (request: RequestView): TestUser | null => {
    calls.count += 1;
    const id = new URL(request.url).searchParams.get('user_id');
    if (id !== null) return users.get(id) ?? null;
    const bearer = /^Bearer (\S+)$/.exec(request.header('authorization') ?? '')?.[1];
    const tokenUser = bearer === undefined ? undefined : tokens.get(bearer);
    return tokenUser === undefined ? null : (users.get(tokenUser) ?? null);
  };
}

/** A manager with only a request loader (no userLoader), like Flask-Login's LoginViaRequestTestCase. */
function requestOnly() {
  const users = userTable();
  const calls = { count: 0 };
  const h = createHarness({
    userLoader: undefined,
    requestLoader: requestLoaderOver(users, calls),
  });
  return { h, calls };
}

describe('request loader only (LoginViaRequestTestCase)', () => {
  it('the manager has no userLoader registered', () => {
    const { h } = requestOnly();
    expect(h.manager.config.userLoader).toBeNull();
    expect(h.manager.config.requestLoader).not.toBeNull();
  });

  it('an anonymous client gets the guard’s 401', async () => {
    const { h } = requestOnly();
    const response = await h.client().get('/secret');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'login_required' });
  });

  it('the request loader logs in from the query string', async () => {
    const { h } = requestOnly();
    const response = await h.client().get('/secret?user_id=1');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('secret for Notch');
  });

  it('the request loader logs in from a bearer token header', async () => {
    const { h } = requestOnly();
    const client = h.client({ authorization: 'Bearer token-of-steve' });
    expect(await (await client.get('/whoami')).json()).toEqual({
      name: 'Steve',
      fresh: false,
      remembered: false,
      source: 'request',
    });
  });

  it('a request-loader login is neither fresh nor enough for freshLoginRequired', async () => {
    const { h } = requestOnly();
    const response = await h.client().get('/sudo?user_id=1');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'reauthentication_required' });
  });

  it('with no userLoader the request loader decides every request: the query id overrides a session login', async () => {
    const { h } = requestOnly();
    const client = h.client();
    await client.get('/login/1');
    expect(client.cookies.has('session')).toBe(true);
    expect(await (await client.get('/whoami?user_id=2')).json()).toMatchObject({
      name: 'Steve',
      source: 'request',
    });
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
  });

  it('an unknown id gets 401', async () => {
    const { h } = requestOnly();
    const response = await h.client().get('/secret?user_id=404');
    expect(response.status).toBe(401);
  });

  it('an unknown id while a session login exists gets 401', async () => {
    const { h } = requestOnly();
    const client = h.client();
    await client.get('/login/1');
    expect((await client.get('/secret?user_id=404')).status).toBe(401);
  });

  it('a request-loader login does not persist: no session cookie is set and the next request is anonymous', async () => {
    const { h } = requestOnly();
    const client = h.client();
    const response = await client.get('/whoami?user_id=1');
    expect(await response.json()).toMatchObject({ name: 'Notch', source: 'request' });
    expect(client.lastSetCookies).toEqual([]);
    expect(client.cookies.size).toBe(0);
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
    expect(await h.stores.sessions.listForUser('1', h.clock.now())).toEqual([]);
  });

  it('userLoadedFromRequest is emitted once per request, with the user', async () => {
    const { h, calls } = requestOnly();
    const seen = h.listen('userLoadedFromRequest');
    // /whoami touches the user four times.
    await h.client().get('/whoami?user_id=2');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.user.name).toBe('Steve');
    expect(calls.count).toBe(1);
  });

  it('no userLoadedFromRequest when the request loader finds nobody', async () => {
    const { h } = requestOnly();
    const seen = h.listen('userLoadedFromRequest');
    await h.client().get('/whoami?user_id=404');
    expect(seen).toEqual([]);
  });
});

describe('request loader with a userLoader too', () => {
  function bothLoaders() {
    const users = userTable();
    const calls = { count: 0 };
    const h = createHarness({ requestLoader: requestLoaderOver(users, calls) });
    return { h, calls };
  }

  it('a session login comes first: the request loader is not asked', async () => {
    const { h, calls } = bothLoaders();
    const client = h.client();
    await client.get('/login/1');
    expect(await (await client.get('/whoami?user_id=2')).json()).toMatchObject({
      name: 'Notch',
      source: 'session',
    });
    expect(calls.count).toBe(0);
  });

  it('an invalid remember cookie falls back to the request loader and is deleted', async () => {
    const { h } = bothLoaders();
    const client = h.client({ cookie: 'remember_token=not-a-valid-token' });
    const response = await client.get('/whoami?user_id=2');
    expect(await response.json()).toMatchObject({ name: 'Steve', source: 'request' });
    expect(client.lastSetCookies.some((line) => /^remember_token=;.*Max-Age=0/i.test(line))).toBe(
      true,
    );
  });

  it('a well-formed but unknown remember token falls back to the request loader', async () => {
    const { h } = bothLoaders();
    const client = h.client();
    await client.get('/login/1?remember=1');
    const value = client.cookies.get('remember_token')?.value ?? '';
    await client.get('/logout');
    const stale = h.client({ cookie: `remember_token=${value}` });
    expect(await (await stale.get('/whoami?user_id=2')).json()).toMatchObject({
      name: 'Steve',
      source: 'request',
    });
  });
});
