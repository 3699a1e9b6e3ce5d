/** @module Windowed throttle counters in process memory. */
import type { CounterStore, CounterValue } from '../types.js';

/**
 * A {@link CounterStore} in a `Map`; `increment` runs without awaiting, so it is atomic
 * within the process.
 *
 * @example
 * const counters = new MemoryCounterStore();
 * const { count } = await counters.increment('login:alice', 60_000, Date.now());
 */
export class MemoryCounterStore implements CounterStore {
  readonly #counters = new Map<string, CounterValue>();

  async increment(key: string, windowMs: number, now: number): Promise<CounterValue> {
    const current = this.#counters.get(key);
    const next =
      current === undefined || current.resetAt <= now
        ? { count: 1, resetAt: now + windowMs }
        : { count: current.count + 1, resetAt: current.resetAt };
    this.#counters.set(key, next);
    return { ...next };
  }

  async get(key: string, now: number): Promise<CounterValue | null> {
    const current = this.#counters.get(key);
    return current === undefined || current.resetAt <= now ? null : { ...current };
  }

  async reset(key: string): Promise<void> {
    this.#counters.delete(key);
  }

  async deleteExpired(now: number): Promise<number> {
    let count = 0;
    for (const [key, value] of this.#counters) {
      if (value.resetAt > now) continue;
      this.#counters.delete(key);
      count += 1;
    }
    return count;
  }
}
