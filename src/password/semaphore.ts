/** @module A small counting semaphore: at most `limit` tasks run at once, the rest wait in order. */
import { LatchkeyError } from '../errors.js';

/** Runs async tasks with at most `limit` of them in flight; later calls queue first-in, first-out. */
export interface Semaphore {
  readonly limit: number;
  /** Tasks currently running. */
  readonly active: number;
  /** Tasks queued behind the limit. */
  readonly waiting: number;
  /** Waits for a free slot, runs `task`, and frees the slot when it settles. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * Creates a semaphore that lets at most `limit` tasks run concurrently.
 *
 * @example
 * const limiter = createSemaphore(2);
 * const digest = await limiter.run(() => expensiveHash(input));
 */
export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new LatchkeyError(
      'config_invalid',
      `semaphore limit must be a positive integer, got ${limit}`,
    );
  }
  const queue: Array<() => void> = [];
  let active = 0;

  const acquire = (): Promise<void> => {
    if (active < limit) {
      active += 1;
      return Promise.resolve();
    }
    // The slot is handed over directly by release(), so `active` never dips and lets a newcomer jump the queue.
    return new Promise((resolve) => queue.push(resolve));
  };

  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else active -= 1;
  };

  return {
    limit,
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
