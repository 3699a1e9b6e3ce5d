/** @module Telling "a store is out of reach for now" apart from a bug, for a 503 instead of a 500. */
import { LatchkeyError } from '../../src/index.js';

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * True when `error` (or an error it was caused by) says a store could not be reached, as the
 * Redis stores do while Redis is down.
 *
 * @example if (isStoreUnavailable(error)) return c.json({ error: 'service_unavailable' }, 503);
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let seen = 0, current = error; current instanceof Error && seen < 5; seen += 1) {
    if (current instanceof LatchkeyError && current.code === 'store_unavailable') return true;
    current = current.cause;
  }
  return false;
}
