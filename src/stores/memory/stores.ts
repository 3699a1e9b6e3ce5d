/** @module All memory stores at once, sharing nothing but the process. */
import type { Stores } from '../types.js';
import { MemoryCounterStore } from './counter-store.js';
import { MemorySessionStore, type MemorySessionStoreOptions } from './session-store.js';
import { MemoryTokenStore } from './token-store.js';

/** The memory stores, counters included. */
export interface MemoryStores extends Stores {
  readonly sessions: MemorySessionStore;
  readonly tokens: MemoryTokenStore;
  readonly counters: MemoryCounterStore;
}

/**
 * Creates fresh, empty memory stores: sessions (with an in-process channel), tokens and counters.
 *
 * @example
 * const manager = new LoginManager({ stores: createMemoryStores(), userLoader });
 */
export function createMemoryStores(options: MemorySessionStoreOptions = {}): MemoryStores {
  return {
    sessions: new MemorySessionStore(options),
    tokens: new MemoryTokenStore(),
    counters: new MemoryCounterStore(),
  };
}
