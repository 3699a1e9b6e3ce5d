import { describe, expect, it } from 'vitest';
import { loginRequired } from '../../src/adapters/hono.js';
import { ApiTokens } from '../../src/core/api-tokens.js';
import { checkBearer } from '../../src/core/bearer.js';
import { LoginManager } from '../../src/core/manager.js';
import type { ApiTokenStore } from '../../src/stores/api-token-store.js';
import { createLocalInvalidationChannel } from '../../src/stores/local-invalidation.js';
import { MemoryApiTokenStore } from '../../src/stores/memory/index.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { createHarness } from '../support/harness.js';
import { type TestUser, userTable } from '../support/users.js';

const DAY = 86_400_000;

/** A store that counts its calls, to see what the cache spares it. */
function countingStore(): { store: ApiTokenStore; calls: Record<string, number> } {
  const inner = new MemoryApiTokenStore();
  const calls: Record<string, number> = {};
  const store = new Proxy(inner, {
    get(target, name: string) {
      const value = Reflect.get(target, name) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

function setup() {
  const clock = createTestClock();
  const { store, calls } = countingStore();
  const invalidation = createLocalInvalidationChannel();
  const tokens = new ApiTokens({ store, invalidation, clock: clock.now });
  return { clock, store, calls, invalidation, tokens };
}

describe('ApiTokens', () => {
  it('issues lk_ tokens with a 128-bit id and a 256-bit secret, 30 days by default', async () => {
    const { tokens, clock } = setup();
    const { token, info } = await tokens.issue('1', { name: 'ci', scopes: ['profile:read'] });
    expect(token).toMatch(/^lk_[\w-]{22}\.[\w-]{43}$/);
    expect(token.slice(3, 25)).toBe(info.id);
    expect(info).toEqual({
      id: info.id,
      userId: '1',
      name: 'ci',
      scopes: ['profile:read'],
      createdAt: clock.now(),
      expiresAt: clock.now() + 30 * DAY,
      lastUsedAt: null,
    });
    expect((await tokens.verify(token))?.userId).toBe('1');
  });

  it('keeps only the SHA-256 of the secret, and lists tokens without any of their value', async () => {
    const { tokens, store } = setup();
    const { token, info } = await tokens.issue('1', { name: 'deploy', scopes: ['a', 'b'] });
    const secret = token.split('.')[1] ?? '';
    const stored = await store.get(info.id);
    expect(stored?.hash).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);
    const listed = await tokens.list('1');
    expect(listed).toEqual([info]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('refuses lifetimes beyond the maximum (365 days by default), as a programming error', async () => {
    const { tokens } = setup();
    await expect(tokens.issue('1', { name: 'x', expiresIn: { days: 366 } })).rejects.toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
    const { info } = await tokens.issue('1', { name: 'x', expiresIn: { days: 365 } });
    expect(info.expiresAt - info.createdAt).toBe(365 * DAY);
  });

  it('an expired token is refused on a moved clock', async () => {
    const { tokens, clock } = setup();
    const { token } = await tokens.issue('1', { name: 'short', expiresIn: { days: 1 } });
    clock.advance(DAY - 1);
    expect(await tokens.verify(token)).not.toBeNull();
    clock.advance(1);
    expect(await tokens.verify(token)).toBeNull();
  });

  it('forged, malformed and non-bearer credentials are null, never an exception', async () => {
    const { tokens } = setup();
    const { token } = await tokens.issue('1', { name: 'ci' });
    const forged = `${token.slice(0, 26)}${'A'.repeat(43)}`;
    for (const bad of [forged, 'lk_', 'lk_x.y', token.slice(3), `${token}x`, '%zz', '', null]) {
      expect(await tokens.verify(bad)).toBeNull();
    }
    for (const header of [`Basic ${token}`, `Bearer`, `Bearer ${token} extra`, `${token}`]) {
      expect(await tokens.authenticate(header)).toBeNull();
    }
    expect((await tokens.authenticate(`bearer  ${token}`))?.userId).toBe('1');
  });

  it('a verified token is served from the cache: no store round trip in steady state', async () => {
    const { tokens, calls, clock } = setup();
    const { token } = await tokens.issue('1', { name: 'ci' });
    await tokens.verify(token);
    const before = { ...calls };
    for (let i = 0; i < 50; i += 1) {
      clock.advance(500);
      expect(await tokens.verify(token)).not.toBeNull();
    }
    expect(calls).toEqual(before);
  });

  it('writes the last use at most once a minute', async () => {
    const { tokens, calls, clock, store } = setup();
    const { token, info } = await tokens.issue('1', { name: 'ci' });
    const start = clock.now();
    await tokens.verify(token);
    expect(calls.touch).toBe(1);
    clock.advance(59_999);
    await tokens.verify(token);
    expect(calls.touch).toBe(1);
    clock.advance(1);
    expect((await tokens.verify(token))?.lastUsedAt).toBe(start + 60_000);
    expect(calls.touch).toBe(2);
    expect((await store.get(info.id))?.lastUsedAt).toBe(start + 60_000);
  });

  it('a revoked token is refused at once, in this process and in another sharing the channel', async () => {
    const { tokens, store, invalidation, clock } = setup();
    const other = new ApiTokens({ store, invalidation, clock: clock.now });
    const first = await tokens.issue('2', { name: 'a' });
    const second = await tokens.issue('2', { name: 'b' });
    expect(await other.verify(first.token)).not.toBeNull();
    expect(await tokens.revoke('2', first.info.id)).toBe(true);
    expect(await tokens.verify(first.token)).toBeNull();
    expect(await other.verify(first.token)).toBeNull();
    expect(await other.verify(second.token)).not.toBeNull();
    expect(await tokens.revokeForUser('2')).toBe(1);
    expect(await other.verify(second.token)).toBeNull();
  });

  it('revoke() refuses a token of another user, and leaves it working', async () => {
    const { tokens } = setup();
    const { token, info } = await tokens.issue('1', { name: 'mine' });
    expect(await tokens.revoke('2', info.id)).toBe(false);
    expect(await tokens.revoke('2', 'no-such-token')).toBe(false);
    expect(await tokens.verify(token)).not.toBeNull();
  });

  it('revoke() through a given store deletes there and tells no process until forgetUser()', async () => {
    const { tokens, store, invalidation, clock } = setup();
    const other = new ApiTokens({ store, invalidation, clock: clock.now });
    const { token, info } = await tokens.issue('2', { name: 'a' });
    expect(await other.verify(token)).not.toBeNull();
    expect(await tokens.revoke('1', info.id, store)).toBe(false);
    expect(await tokens.revoke('2', info.id, store)).toBe(true);
    expect(await store.get(info.id)).toBeNull();
    // The other process still serves its cached copy: nobody was told yet.
    expect(await other.verify(token)).not.toBeNull();
    await tokens.forgetUser('2');
    expect(await other.verify(token)).toBeNull();
  });

  it('a full flush of the channel drops the cache, so the store is read again', async () => {
    const { tokens, calls, invalidation } = setup();
    const { token } = await tokens.issue('1', { name: 'ci' });
    await tokens.verify(token);
    const reads = calls.get ?? 0;
    await invalidation.publish({ kind: 'all' });
    await tokens.verify(token);
    expect(calls.get).toBe(reads + 1);
  });
});

describe('checkBearer', () => {
  const users = userTable();
  const loadUser = (id: string) => users.get(id) ?? null;

  it('allows a genuine token with the scope, with its owner', async () => {
    const { tokens } = setup();
    const { token } = await tokens.issue('1', { name: 'ci', scopes: ['profile:read'] });
    const outcome = await checkBearer(tokens, `Bearer ${token}`, {
      scope: 'profile:read',
      loadUser,
    });
    expect(outcome).toMatchObject({ action: 'allow', user: { name: 'Notch' } });
  });

  it('answers 401 invalid_token with WWW-Authenticate: Bearer for a missing or bad token', async () => {
    const { tokens } = setup();
    for (const header of [null, '', 'Bearer lk_nope', 'Basic abc']) {
      expect(await checkBearer(tokens, header, { loadUser })).toEqual({
        action: 'deny',
        status: 401,
        body: { error: 'invalid_token' },
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
  });

  it('answers 401 for a token whose owner is gone or inactive', async () => {
    const { tokens } = setup();
    const inactive = await tokens.issue('3', { name: 'creeper' });
    const gone = await tokens.issue('404', { name: 'ghost' });
    const isUserActive = (user: TestUser) => user.isActive;
    for (const { token } of [inactive, gone]) {
      const outcome = await checkBearer(tokens, `Bearer ${token}`, { loadUser, isUserActive });
      expect(outcome).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    }
  });

  it('answers 403 insufficient_scope to a genuine token without the scope', async () => {
    const { tokens } = setup();
    const { token } = await tokens.issue('1', { name: 'other', scopes: ['other'] });
    const outcome = await checkBearer(tokens, `Bearer ${token}`, {
      scope: 'profile:read',
      loadUser,
    });
    expect(outcome).toMatchObject({
      action: 'deny',
      status: 403,
      body: { error: 'insufficient_scope' },
    });
  });
});

describe('a bearer request in steady state', () => {
  it('costs no store round trip: the token and its owner come from the in-process caches', async () => {
    const { tokens, calls, clock } = setup();
    const users = userTable();
    let loads = 0;
    const manager = new LoginManager<TestUser>({
      userLoader: (id) => {
        loads += 1;
        return users.get(id) ?? null;
      },
      stores: memoryStores(),
      clock: clock.now,
    });
    const { token } = await tokens.issue('1', { name: 'ci', scopes: ['profile:read'] });
    const options = { scope: 'profile:read', loadUser: (id: string) => manager.loadUser(id) };
    expect((await checkBearer(tokens, `Bearer ${token}`, options)).action).toBe('allow');
    const before = { calls: { ...calls }, loads };
    for (let i = 0; i < 100; i += 1) {
      clock.advance(100);
      expect((await checkBearer(tokens, `Bearer ${token}`, options)).action).toBe('allow');
    }
    expect({ calls, loads }).toEqual(before);
  });
});

describe('ApiTokens as a request loader', () => {
  function harness() {
    const users = userTable();
    const stores = memoryStores();
    const clock = createTestClock();
    const tokens = new ApiTokens({ store: new MemoryApiTokenStore(), clock: clock.now });
    const h = createHarness(
      {
        stores,
        clock: clock.now,
        requestLoader: tokens.requestLoader((id) => users.get(id) ?? null),
      },
      (app) => {
        app.get(
          '/api/items',
          loginRequired<TestUser>({
            authorize: (_user, auth) => tokens.hasScope(auth.request, 'items:read'),
          }),
          (c) => c.json({ owner: (c.var.user as TestUser).name }),
        );
      },
    );
    const call = (token: string) =>
      h.app.request('/api/items', {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
    return { tokens, call, clock, stores };
  }

  it('authenticates the owner without creating a session; a missing scope is 403', async () => {
    const { tokens, call, clock, stores } = harness();
    const reader = await tokens.issue('1', { name: 'ci', scopes: ['items:read'] });
    const response = await call(reader.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ owner: 'Notch' });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await stores.sessions.listForUser('1', clock.now())).toEqual([]);
    const other = await tokens.issue('1', { name: 'other', scopes: ['other'] });
    expect((await call(other.token)).status).toBe(403);
  });
});
