/** @module Windowed throttle counters in Redis: a script counts and starts windows in one step. */
import type { Redis } from 'ioredis';
import type { CounterStore, CounterValue } from '../types.js';
import { type RedisKeys, redisKeys } from './keys.js';
import { scriptsOn } from './scripts.js';
import { whenReachable } from './unavailable.js';

/** Options for {@link RedisCounterStore}. */
export interface RedisCounterStoreOptions {
  /** Prepended to every key; default `latchkey:`. */
  readonly prefix?: string;
}

/**
 * A {@link CounterStore} in Redis, shared by every process; each window expires by TTL.
 *
 * @example
 * const counters = new RedisCounterStore(redis);
 * const { count } = await counters.increment('login:alice', 60_000, Date.now());
 */
export class RedisCounterStore implements CounterStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  constructor(redis: Redis, options: RedisCounterStoreOptions = {}) {
    this.#redis = redis;
    this.#keys = redisKeys(options.prefix);
  }

  async increment(key: string, windowMs: number, now: number): Promise<CounterValue> {
    const [count, resetAt] = await whenReachable(() =>
      scriptsOn(this.#redis).latchkeyIncrement(
        this.#keys.counter(key),
        String(now),
        String(now + windowMs),
      ),
    );
    return { count, resetAt: Number(resetAt) };
  }

  async get(key: string, now: number): Promise<CounterValue | null> {
    const [count, resetAt] = await whenReachable(() =>
      this.#redis.hmget(this.#keys.counter(key), 'count', 'resetAt'),
    );
    if (count === null || resetAt === null || Number(resetAt) <= now) return null;
    return { count: Number(count), resetAt: Number(resetAt) };
  }

  async reset(key: string): Promise<void> {
    await whenReachable(() => this.#redis.del(this.#keys.counter(key)));
  }

  /** Always 0: Redis removes each counter when its window ends (its TTL). */
  async deleteExpired(_now: number): Promise<number> {
    return 0;
  }
}
