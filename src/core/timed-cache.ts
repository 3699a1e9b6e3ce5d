/** @module A bounded in-process cache whose entries go stale after a time read from the injected clock. */
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';

interface Entry<V> {
  readonly value: V;
  readonly storedAt: number;
}

/**
 * Least-recently-used cache with a maximum age per entry. A size of 0 turns it
 * off (every `get` misses), so callers need no special case.
 */
export class TimedCache<V extends object> {
  readonly #entries: LRUCache<string, Entry<V>> | null;
  readonly #maxAgeMs: number;
  readonly #clock: Clock;

  constructor(maxEntries: number, maxAgeMs: number, clock: Clock) {
    this.#entries = maxEntries > 0 ? new LRUCache({ max: maxEntries }) : null;
    this.#maxAgeMs = maxAgeMs;
    this.#clock = clock;
  }

  /** The value if present and younger than the maximum age. */
  get(key: string): V | undefined {
    const entry = this.#entries?.get(key);
    if (!entry) return undefined;
    if (this.#clock() - entry.storedAt >= this.#maxAgeMs) {
      this.#entries?.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries?.set(key, { value, storedAt: this.#clock() });
  }

  delete(key: string): void {
    this.#entries?.delete(key);
  }

  /** Drops every entry whose value matches (used when a whole user is revoked). */
  deleteWhere(predicate: (value: V) => boolean): void {
    if (!this.#entries) return;
    for (const [key, entry] of this.#entries.entries()) {
      if (predicate(entry.value)) this.#entries.delete(key);
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries?.clear();
  }

  get size(): number {
    return this.#entries?.size ?? 0;
  }
}
