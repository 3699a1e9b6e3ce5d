import { describe, expect, it, vi } from 'vitest';
import { createLocalInvalidationChannel } from '../../src/stores/local-invalidation.js';
import { createMemoryStores } from '../../src/stores/memory/index.js';
import type { InvalidationChannel, SessionStore, TokenStore } from '../../src/stores/types.js';
import { createHarness, type Harness } from '../support/harness.js';
import { notch } from '../support/users.js';

const SESSION_METHODS = [
  'create',
  'get',
  'update',
  'delete',
  'deleteForUser',
  'listForUser',
  'deleteExpired',
] as const satisfies readonly (keyof SessionStore)[];

const TOKEN_METHODS = [
  'create',
  'get',
  'rotate',
  'consume',
  'touch',
  'delete',
  'deleteForUser',
  'listForUser',
  'deleteExpired',
] as const satisfies readonly (keyof TokenStore)[];

/** Spies on every store method; returns a function counting all calls so far. */
function spyOnStores(h: Harness): () => number {
  const spies = [
    ...SESSION_METHODS.map((name) => vi.spyOn(h.stores.sessions, name)),
    ...TOKEN_METHODS.map((name) => vi.spyOn(h.stores.tokens, name)),
  ];
  return () => spies.reduce((total, spy) => total + spy.mock.calls.length, 0);
}

async function nameOf(client: ReturnType<Harness['client']>): Promise<string | null> {
  const body = (await (await client.get('/whoami')).json()) as { name: string | null };
  return body.name;
}

describe('cache: a steady-state authenticated request makes no store round trip', () => {
  it('after the first request, 20 more within the cache TTL make 0 store calls and 0 loads', async () => {
    const h = createHarness({ remember: { refreshEachRequest: true } });
    const client = h.client();
    await client.get('/login/1?remember=1');
    expect(await nameOf(client)).toBe('Notch');
    const storeCalls = spyOnStores(h);
    const loadsBefore = h.loads.count;
    for (let i = 0; i < 20; i++) {
      h.clock.advance(1_000);
      expect(await nameOf(client)).toBe('Notch');
    }
    expect(storeCalls()).toBe(0);
    expect(h.loads.count).toBe(loadsBefore);
  });

  it('the spies see the store once the caches go stale (so the zero above means something)', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    await client.get('/whoami');
    const storeCalls = spyOnStores(h);
    const loadsBefore = h.loads.count;
    h.clock.advance(61_000);
    expect(await nameOf(client)).toBe('Notch');
    expect(storeCalls()).toBeGreaterThan(0);
    expect(h.loads.count).toBe(loadsBefore + 1);
  });

  it('after revocation the next request sees it at once', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    await client.get('/whoami');
    await client.get('/whoami');
    await h.manager.revokeUserSessions('1');
    expect(await nameOf(client)).toBeNull();
  });
});

describe('cache: user invalidation', () => {
  it('manager.invalidateUser(id) makes the next request reload the user', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    await client.get('/whoami');
    const loadsBefore = h.loads.count;
    h.users.set('1', { ...notch, name: 'Notch (renamed)' });
    expect(await nameOf(client)).toBe('Notch');
    await h.manager.invalidateUser('1');
    expect(await nameOf(client)).toBe('Notch (renamed)');
    expect(h.loads.count).toBe(loadsBefore + 1);
  });

  it('a disabled user is cut off on the next request after invalidateUser', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    expect(await nameOf(client)).toBe('Notch');
    h.users.set('1', { ...notch, isActive: false });
    await h.manager.invalidateUser('1');
    expect(await nameOf(client)).toBeNull();
    expect((await client.get('/secret')).status).toBe(401);
    expect(await h.stores.sessions.listForUser('1', h.clock.now())).toEqual([]);
  });

  it('the user cache TTL (30 s) bounds staleness without invalidation', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    expect(await nameOf(client)).toBe('Notch');
    h.users.set('1', { ...notch, isActive: false });
    h.clock.advance(29_999);
    expect(await nameOf(client)).toBe('Notch');
    h.clock.advance(1);
    expect(await nameOf(client)).toBeNull();
  });
});

describe('cache: several processes sharing one store', () => {
  it('a revocation through one manager logs the client out at once on another sharing the stores', async () => {
    const a = createHarness();
    const b = createHarness({ stores: a.stores, clock: a.clock.now });
    const onA = a.client();
    await onA.get('/login/1');
    const cookie = `session=${onA.cookies.get('session')?.value}`;
    const onB = b.client({ cookie });
    // Both processes now hold the session and the user in their caches.
    expect(await nameOf(onA)).toBe('Notch');
    expect(await nameOf(onB)).toBe('Notch');
    const [session] = await a.manager.listSessions('1');
    await a.manager.revokeSession(session?.id ?? '');
    expect(await nameOf(onB)).toBeNull();
  });

  it('invalidateUser through one manager cuts a disabled user off on another at once', async () => {
    const a = createHarness();
    const b = createHarness({ stores: a.stores, clock: a.clock.now });
    const onA = a.client();
    await onA.get('/login/1');
    const onB = b.client({ cookie: `session=${onA.cookies.get('session')?.value}` });
    expect(await nameOf(onB)).toBe('Notch');
    b.users.set('1', { ...notch, isActive: false });
    await a.manager.invalidateUser('1');
    expect(await nameOf(onB)).toBeNull();
  });
});

describe('cache: fail safe while the invalidation channel is down', () => {
  it('a channel that is not live makes every request read the store, and live again trusts the cache', async () => {
    let live = true;
    const channel: InvalidationChannel = {
      ...createLocalInvalidationChannel(),
      isLive: () => live,
    };
    const h = createHarness({ stores: createMemoryStores({ invalidation: channel }) });
    const client = h.client();
    await client.get('/login/1');
    await client.get('/whoami');
    const storeCalls = spyOnStores(h);
    const loadsBefore = h.loads.count;
    live = false;
    expect(await nameOf(client)).toBe('Notch');
    expect(await nameOf(client)).toBe('Notch');
    expect(storeCalls()).toBe(2);
    expect(h.loads.count).toBe(loadsBefore + 2);
    live = true;
    expect(await nameOf(client)).toBe('Notch');
    expect(storeCalls()).toBe(2);
  });
});

describe('cache: a channel that may have missed messages', () => {
  it('an "all" invalidation makes the next request reload the session and the user', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    await client.get('/whoami');
    const loadsBefore = h.loads.count;
    h.users.set('1', { ...notch, name: 'Notch (renamed)' });
    expect(await nameOf(client)).toBe('Notch');
    await h.stores.sessions.invalidation?.publish({ kind: 'all' });
    expect(await nameOf(client)).toBe('Notch (renamed)');
    expect(h.loads.count).toBe(loadsBefore + 1);
  });
});
