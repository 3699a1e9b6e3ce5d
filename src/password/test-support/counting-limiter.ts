/** @module A limiter for tests that counts how many tasks went through it. */
import { createSemaphore, type Semaphore } from '../semaphore.js';

/** A semaphore that also reports how many tasks it has been asked to run. */
export interface CountingLimiter extends Semaphore {
  readonly runs: number;
}

/** Wraps a real semaphore of `limit` and counts calls to `run`. */
export function countingLimiter(limit = 1): CountingLimiter {
  const inner = createSemaphore(limit);
  let runs = 0;
  return {
    limit,
    get active() {
      return inner.active;
    },
    get waiting() {
      return inner.waiting;
    },
    get runs() {
      return runs;
    },
    run(task) {
      runs += 1;
      return inner.run(task);
    },
  };
}
