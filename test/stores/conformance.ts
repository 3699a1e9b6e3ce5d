/** @module One conformance suite that every store implementation must pass. */
import { afterEach, beforeEach, describe } from 'vitest';
import type { CounterStore, Stores } from '../../src/stores/types.js';
import { counterConformance } from './counter-conformance.js';
import { sessionConformance } from './session-conformance.js';
import { tokenConformance } from './token-conformance.js';

/** The stores under test, counters required. */
export type ConformanceStores = Stores & { counters: CounterStore };

/** Opens fresh, empty stores for one test, and a way to close them. */
export type MakeStores = () => Promise<{ stores: ConformanceStores; close(): Promise<void> }>;

/** The stores of the running test; valid inside `it` only. */
export type CurrentStores = () => ConformanceStores;

/**
 * How a store gets rid of ended records: `sweep` when `deleteExpired(now)` removes them (memory,
 * SQL); `ttl` when the store expires them on its own clock and `deleteExpired` has nothing to do
 * (Redis).
 */
export type Expiry = 'sweep' | 'ttl';

/** Options of {@link runStoreConformance}. */
export interface ConformanceOptions {
  /** Default `sweep`. */
  readonly expiry?: Expiry;
}

/**
 * Defines the whole suite under `describe(name)`; each test gets fresh stores from `makeStores`.
 *
 * @example
 * runStoreConformance('memory', async () => ({ stores: createMemoryStores(), close: async () => {} }));
 */
export function runStoreConformance(
  name: string,
  makeStores: MakeStores,
  options: ConformanceOptions = {},
): void {
  const expiry = options.expiry ?? 'sweep';
  describe(`${name} store conformance`, () => {
    let opened: Awaited<ReturnType<MakeStores>> | undefined;

    beforeEach(async () => {
      opened = await makeStores();
    });

    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });

    const current: CurrentStores = () => {
      if (opened === undefined) throw new Error('stores are only open inside a test');
      return opened.stores;
    };

    describe('sessions', () => sessionConformance(current, expiry));
    describe('tokens', () => tokenConformance(current, expiry));
    describe('counters', () => counterConformance(current, expiry));
  });
}
