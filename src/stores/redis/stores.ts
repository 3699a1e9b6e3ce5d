/** @module All Redis stores on one connection, with a pub/sub channel for revocations. */
import type { Redis } from 'ioredis';
import type { InvalidationChannel, Stores } from '../types.js';
import { RedisCounterStore } from './counter-store.js';
import { createRedisInvalidationChannel } from './invalidation-channel.js';
import { DEFAULT_PREFIX } from './keys.js';
import { RedisSessionStore } from './session-store.js';
import { RedisTokenStore } from './token-store.js';

/** Options for {@link createRedisStores}. */
export interface RedisStoresOptions {
  /** Prepended to every key and to the channel's name; default `latchkey:`. */
  readonly prefix?: string;
  /**
   * Where revocations are announced; default a new {@link createRedisInvalidationChannel} on a
   * duplicate of `redis`, closed by `close()`.
   */
  readonly invalidation?: InvalidationChannel;
}

/** The Redis stores, counters included. */
export interface RedisStores extends Stores {
  readonly sessions: RedisSessionStore;
  readonly tokens: RedisTokenStore;
  readonly counters: RedisCounterStore;
  /** Closes the channel this call created (never `redis` itself, which stays the caller's). */
  close(): Promise<void>;
}

/**
 * Creates the session, token and counter stores on one ioredis connection. Give it
 * `maxRetriesPerRequest` and `enableOfflineQueue: false` so requests fail fast while Redis is
 * away (they throw `LatchkeyError` `store_unavailable`).
 *
 * @example
 * const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
 * const stores = createRedisStores(redis, { prefix: 'myapp:' });
 * const manager = new LoginManager({ stores, userLoader });
 */
export function createRedisStores(redis: Redis, options: RedisStoresOptions = {}): RedisStores {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const owned = options.invalidation ? null : createRedisInvalidationChannel(redis, { prefix });
  const invalidation = options.invalidation ?? (owned as InvalidationChannel);
  return {
    sessions: new RedisSessionStore(redis, { prefix, invalidation }),
    tokens: new RedisTokenStore(redis, { prefix }),
    counters: new RedisCounterStore(redis, { prefix }),
    close: async () => {
      await owned?.close();
    },
  };
}
