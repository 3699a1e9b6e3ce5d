import { describe, expect, it } from 'vitest';
import { loginRequired } from '../../src/adapters/hono.js';
import { ApiKeys } from '../../src/core/api-keys.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { createHarness } from '../support/harness.js';
import { type TestUser, userTable } from '../support/users.js';

function harness() {
  const users = userTable();
  const stores = memoryStores();
  const clock = createTestClock();
  const keys = new ApiKeys(stores.tokens, { clock: clock.now });
  const h = createHarness(
    { stores, clock: clock.now, requestLoader: keys.requestLoader((id) => users.get(id) ?? null) },
    (app) => {
      app.get(
        '/api/items',
        loginRequired<TestUser>({
          authorize: (_user, auth) => keys.hasScope(auth.request, 'items:read'),
        }),
        (c) => c.json({ owner: (c.var.user as TestUser).name }),
      );
    },
  );
  const call = (key: string, path = '/api/items') =>
    h.app.request(path, {
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
    });
  return { h, keys, call, clock, stores };
}

describe('API keys', () => {
  it('a bearer key authenticates its owner without creating a session', async () => {
    const { keys, call, clock, stores } = harness();
    const { key } = await keys.issue('1', { name: 'ci', scopes: ['items:read'] });
    expect(key).toMatch(/^lk_[\w-]{22}\.[\w-]{43}$/);
    const response = await call(key);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ owner: 'Notch' });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await stores.sessions.listForUser('1', clock.now())).toEqual([]);
  });

  it('a key without the scope a route needs gets 403', async () => {
    const { keys, call } = harness();
    const { key } = await keys.issue('1', { name: 'reader', scopes: ['other'] });
    const response = await call(key);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'forbidden' });
  });

  it('a revoked key stops working at once, and revokeForUser ends them all', async () => {
    const { keys, call } = harness();
    const first = await keys.issue('2', { name: 'a', scopes: ['items:read'] });
    const second = await keys.issue('2', { name: 'b', scopes: ['items:read'] });
    await keys.revoke(first.info.id);
    expect((await call(first.key)).status).toBe(401);
    expect((await call(second.key)).status).toBe(200);
    expect(await keys.revokeForUser('2')).toBe(1);
    expect((await call(second.key)).status).toBe(401);
  });

  it('an expired key is refused', async () => {
    const { keys, call, clock } = harness();
    const { key } = await keys.issue('1', { name: 'short', scopes: ['items:read'], expiresIn: 60 });
    clock.advance(59_000);
    expect((await call(key)).status).toBe(200);
    clock.advance(1_000);
    expect((await call(key)).status).toBe(401);
  });

  it('forged, malformed and non-bearer credentials answer 401, never 500', async () => {
    const { h, keys, call } = harness();
    const { key } = await keys.issue('1', { name: 'ci', scopes: ['items:read'] });
    const forged = `${key.slice(0, 26)}${'A'.repeat(43)}`;
    for (const bad of [forged, 'lk_', 'lk_x.y', key.slice(3), `${key}x`, '%zz']) {
      expect((await call(bad)).status).toBe(401);
    }
    const basic = await h.app.request('/api/items', {
      headers: { authorization: `Basic ${key}`, accept: 'application/json' },
    });
    expect(basic.status).toBe(401);
  });

  it('the store keeps only a hash, and list() shows name and scopes but no key material', async () => {
    const { keys, stores } = harness();
    const { key, info } = await keys.issue('1', { name: 'deploy', scopes: ['a', 'b'] });
    const validator = key.split('.')[1] ?? '';
    const stored = await stores.tokens.get(info.id);
    expect(stored?.hash).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain(validator);
    const listed = await keys.list('1');
    expect(listed).toEqual([
      {
        id: info.id,
        userId: '1',
        name: 'deploy',
        scopes: ['a', 'b'],
        createdAt: info.createdAt,
        expiresAt: info.expiresAt,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(validator);
  });
});
