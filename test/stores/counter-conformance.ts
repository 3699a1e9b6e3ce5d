/** @module The CounterStore part of the conformance suite. */
import { expect, it } from 'vitest';
import type { CurrentStores, Expiry } from './conformance.js';
import { MINUTE, T0 } from './fixtures.js';

/** Defines the counter tests; `current()` yields the stores of the running test. */
export function counterConformance(current: CurrentStores, expiry: Expiry = 'sweep'): void {
  const counters = () => current().counters;

  it('increment() counts up within one window that starts at the first increment', async () => {
    expect(await counters().increment('login:a', MINUTE, T0)).toStrictEqual({
      count: 1,
      resetAt: T0 + MINUTE,
    });
    expect(await counters().increment('login:a', MINUTE, T0 + 10)).toStrictEqual({
      count: 2,
      resetAt: T0 + MINUTE,
    });
    expect(await counters().increment('login:a', MINUTE, T0 + MINUTE - 1)).toStrictEqual({
      count: 3,
      resetAt: T0 + MINUTE,
    });
  });

  it('increment() starts a new window at 1 once the old one has ended', async () => {
    await counters().increment('login:a', MINUTE, T0);
    await counters().increment('login:a', MINUTE, T0 + 1);
    expect(await counters().increment('login:a', MINUTE, T0 + MINUTE)).toStrictEqual({
      count: 1,
      resetAt: T0 + 2 * MINUTE,
    });
    expect(await counters().increment('login:a', 5 * MINUTE, T0 + 10 * MINUTE)).toStrictEqual({
      count: 1,
      resetAt: T0 + 15 * MINUTE,
    });
  });

  it('increment() keeps keys apart', async () => {
    await counters().increment('login:a', MINUTE, T0);
    await counters().increment('login:a', MINUTE, T0);
    expect(await counters().increment('login:b', MINUTE, T0)).toStrictEqual({
      count: 1,
      resetAt: T0 + MINUTE,
    });
  });

  it('twenty concurrent increments each see a distinct count and end at exactly 20', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => counters().increment('burst', MINUTE, T0)),
    );
    const counts = results.map((r) => r.count).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await counters().get('burst', T0)).toStrictEqual({ count: 20, resetAt: T0 + MINUTE });
  });

  it('get() returns the current value, or null when unknown or the window has ended', async () => {
    expect(await counters().get('login:a', T0)).toBeNull();
    await counters().increment('login:a', MINUTE, T0);
    await counters().increment('login:a', MINUTE, T0);
    expect(await counters().get('login:a', T0 + 1)).toStrictEqual({
      count: 2,
      resetAt: T0 + MINUTE,
    });
    expect(await counters().get('login:a', T0 + MINUTE)).toBeNull();
  });

  it('reset() clears a key so the next increment starts at 1, and ignores unknown keys', async () => {
    await counters().increment('login:a', MINUTE, T0);
    await counters().increment('login:b', MINUTE, T0);
    await counters().reset('login:a');
    await counters().reset('never-seen');
    expect(await counters().get('login:a', T0)).toBeNull();
    expect(await counters().get('login:b', T0)).toStrictEqual({ count: 1, resetAt: T0 + MINUTE });
    expect(await counters().increment('login:a', MINUTE, T0 + 1)).toStrictEqual({
      count: 1,
      resetAt: T0 + 1 + MINUTE,
    });
  });

  if (expiry === 'sweep') {
    it('deleteExpired() removes ended windows, counts them, and keeps live ones', async () => {
      await counters().increment('short', MINUTE, T0);
      await counters().increment('shorter', 1, T0);
      await counters().increment('long', 10 * MINUTE, T0);
      expect(await counters().deleteExpired(T0 + MINUTE)).toBe(2);
      expect(await counters().deleteExpired(T0 + MINUTE)).toBe(0);
      expect(await counters().get('long', T0 + MINUTE)).toStrictEqual({
        count: 1,
        resetAt: T0 + 10 * MINUTE,
      });
    });
  } else {
    it('a window that ended on the store clock is gone without deleteExpired()', async () => {
      const past = Date.now() - MINUTE;
      await counters().increment('ended', 1, past);
      await counters().increment('live', MINUTE, T0);
      expect(await counters().get('ended', 0)).toBeNull();
      expect(await counters().deleteExpired(Date.now())).toBe(0);
      expect(await counters().get('live', T0)).toStrictEqual({ count: 1, resetAt: T0 + MINUTE });
    });
  }
}
