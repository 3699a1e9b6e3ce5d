/**
 * API tokens across processes: two token caches on their own Redis connections, sharing one
 * store and the Redis invalidation channel. A token cached in the second process is refused
 * there as soon as the first revokes it — the channel does it, not the cache's expiry.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { ApiTokens } from '../../src/core/api-tokens.js';
import { MemoryApiTokenStore } from '../../src/stores/memory/index.js';
import {
  createRedisInvalidationChannel,
  type RedisInvalidationChannel,
} from '../../src/stores/redis/index.js';
import { createTestClock } from '../../src/testing/index.js';
import { describeRedis } from '../support/redis.js';

describeRedis('API tokens over the Redis invalidation channel', (run) => {
  const opened: { channel: RedisInvalidationChannel; tokens: ApiTokens }[] = [];
  afterEach(async () => {
    for (const { channel, tokens } of opened.splice(0)) {
      tokens.close();
      await channel.close();
    }
  });

  it('a revocation in one process is refused at once in another that had the token cached', async () => {
    const store = new MemoryApiTokenStore();
    const clock = createTestClock();
    const reads = { count: 0 };
    const counted = {
      create: store.create.bind(store),
      get: (id: string) => {
        reads.count += 1;
        return store.get(id);
      },
      touch: store.touch.bind(store),
      delete: store.delete.bind(store),
      deleteForUser: store.deleteForUser.bind(store),
      listForUser: store.listForUser.bind(store),
      deleteExpired: store.deleteExpired.bind(store),
    };
    const processOf = (storeOf: MemoryApiTokenStore | typeof counted) => {
      const channel = createRedisInvalidationChannel(run.connect(), { prefix: run.prefix });
      const tokens = new ApiTokens({ store: storeOf, invalidation: channel, clock: clock.now });
      opened.push({ channel, tokens });
      return { channel, tokens };
    };
    const first = processOf(store);
    const second = processOf(counted);
    for (const { channel } of [first, second]) {
      await vi.waitFor(() => expect(channel.isLive()).toBe(true), { timeout: 5_000, interval: 5 });
    }
    const { token, info } = await first.tokens.issue('u1', { name: 'ci' });
    expect(await second.tokens.verify(token)).not.toBeNull();
    const cachedReads = reads.count;
    expect(await second.tokens.verify(token)).not.toBeNull();
    expect(reads.count).toBe(cachedReads);
    expect(await first.tokens.revoke('u1', info.id)).toBe(true);
    await vi.waitFor(async () => expect(await second.tokens.verify(token)).toBeNull(), {
      timeout: 1_000,
      interval: 5,
    });
    // The clock never moved: no cache entry expired, the message dropped it.
    expect(reads.count).toBeGreaterThan(cachedReads);
  });
});
