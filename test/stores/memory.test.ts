/** @module The conformance suite against the memory stores, plus their own extras. */
import { describe, expect, it } from 'vitest';
import { createLocalInvalidationChannel } from '../../src/stores/local-invalidation.js';
import {
  createMemoryStores,
  MemoryApiTokenStore,
  MemorySessionStore,
} from '../../src/stores/memory/index.js';
import type { Invalidation } from '../../src/stores/types.js';
import { runApiTokenStoreConformance } from './api-token-conformance.js';
import { runStoreConformance } from './conformance.js';

runStoreConformance('memory', async () => ({
  stores: createMemoryStores(),
  close: async () => {},
}));

describe('memory stores', () => {
  it('createMemoryStores() gives sessions an in-process invalidation channel', async () => {
    const { sessions } = createMemoryStores();
    const seen: Invalidation[] = [];
    sessions.invalidation.subscribe((message) => seen.push(message));
    await sessions.invalidation.publish({ kind: 'user', userId: 'user-1' });
    expect(seen).toEqual([{ kind: 'user', userId: 'user-1' }]);
  });

  it('MemorySessionStore uses the invalidation channel it is given', () => {
    const channel = createLocalInvalidationChannel();
    expect(new MemorySessionStore({ invalidation: channel }).invalidation).toBe(channel);
  });

  it('createMemoryStores() returns independent stores on each call', async () => {
    const first = createMemoryStores();
    const second = createMemoryStores();
    await first.counters.increment('k', 1000, 0);
    expect(await second.counters.get('k', 0)).toBeNull();
    expect(first.sessions.invalidation).not.toBe(second.sessions.invalidation);
  });
});

runApiTokenStoreConformance('memory', async () => new MemoryApiTokenStore());
