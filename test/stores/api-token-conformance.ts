/** @module One conformance suite every ApiTokenStore passes: memory, SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import type { ApiTokenRecord, ApiTokenStore } from '../../src/stores/api-token-store.js';

/** A fresh, empty store; called once per test. */
export type ApiTokenStoreFactory = () => Promise<ApiTokenStore>;

/** Past 2^31, so a 32-bit column or a string read back would show. */
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const DAY = 86_400_000;

let serial = 0;
function token(overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord {
  serial += 1;
  return {
    id: `token-${serial}-${'x'.repeat(12)}`,
    userId: 'user-1',
    name: `token ${serial}`,
    scopes: ['profile:read'],
    hash: `hash-${serial}`,
    createdAt: T0,
    expiresAt: T0 + 30 * DAY,
    lastUsedAt: null,
    ...overrides,
  };
}

/** Registers the conformance tests for one store. */
export function runApiTokenStoreConformance(name: string, makeStore: ApiTokenStoreFactory): void {
  describe(`${name} API token store`, () => {
    it('create() then get() reads the token back field for field', async () => {
      const store = await makeStore();
      const input = token({ name: 'deploy – “bot”', scopes: ['profile:read', 'other:write'] });
      await store.create(input);
      expect(await store.get(input.id)).toStrictEqual(input);
      expect(await store.get('nobody')).toBeNull();
    });

    it('a token without scopes reads back with an empty list', async () => {
      const store = await makeStore();
      const input = token({ scopes: [] });
      await store.create(input);
      expect((await store.get(input.id))?.scopes).toStrictEqual([]);
    });

    it('create() refuses a second token with the same id', async () => {
      const store = await makeStore();
      const input = token();
      await store.create(input);
      await expect(store.create({ ...input, name: 'again' })).rejects.toThrow();
      expect((await store.get(input.id))?.name).toBe(input.name);
    });

    it('touch() records the last use; an unknown id is a no-op', async () => {
      const store = await makeStore();
      const input = token();
      await store.create(input);
      await store.touch(input.id, T0 + 5000);
      await store.touch('nobody', T0);
      expect(await store.get(input.id)).toStrictEqual({ ...input, lastUsedAt: T0 + 5000 });
    });

    it('delete() ends one token and says whether it existed', async () => {
      const store = await makeStore();
      const a = token();
      const b = token();
      await store.create(a);
      await store.create(b);
      expect(await store.delete(a.id)).toBe(true);
      expect(await store.delete(a.id)).toBe(false);
      expect(await store.get(a.id)).toBeNull();
      expect(await store.get(b.id)).not.toBeNull();
    });

    it('deleteForUser() ends every token of that user only', async () => {
      const store = await makeStore();
      await store.create(token({ userId: 'alice' }));
      await store.create(token({ userId: 'alice' }));
      const bob = token({ userId: 'bob' });
      await store.create(bob);
      expect(await store.deleteForUser('alice')).toBe(2);
      expect(await store.listForUser('alice', T0)).toEqual([]);
      expect(await store.get(bob.id)).not.toBeNull();
    });

    it('listForUser() answers the unexpired tokens of that user, newest first', async () => {
      const store = await makeStore();
      const old = token({ userId: 'alice', createdAt: T0 });
      const recent = token({ userId: 'alice', createdAt: T0 + 1000 });
      const expired = token({ userId: 'alice', expiresAt: T0 + 10 });
      await store.create(old);
      await store.create(recent);
      await store.create(expired);
      await store.create(token({ userId: 'bob' }));
      const listed = await store.listForUser('alice', T0 + 10);
      expect(listed.map((t) => t.id)).toEqual([recent.id, old.id]);
    });

    it('deleteExpired() removes tokens expired at or before now, and counts them', async () => {
      const store = await makeStore();
      const live = token({ expiresAt: T0 + 11 });
      await store.create(token({ expiresAt: T0 + 10 }));
      await store.create(token({ expiresAt: T0 + 5 }));
      await store.create(live);
      expect(await store.deleteExpired(T0 + 10)).toBe(2);
      expect(await store.get(live.id)).not.toBeNull();
    });
  });
}
