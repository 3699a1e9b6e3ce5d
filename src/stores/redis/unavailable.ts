/** @module Telling a Redis that cannot be reached apart from a Redis that refused a command. */
import { LatchkeyError } from '../../errors.js';

/** Replies that mean "not now" rather than "wrong": the server is busy, loading or failing over. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY)\b/;

/**
 * Runs `work`; a connection failure, timeout or transient reply becomes a `LatchkeyError` with
 * code `store_unavailable` (the app answers 503), while any other reply error passes unchanged.
 *
 * @example
 * const raw = await whenReachable(() => redis.hgetall(key));
 */
export async function whenReachable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LatchkeyError) throw error;
    if (isReplyError(error) && !TRANSIENT_REPLY.test(error.message)) throw error;
    throw new LatchkeyError('store_unavailable', 'Redis did not answer.', { cause: error });
  }
}

/** A reply the server sent (as opposed to the client giving up on the connection). */
function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError';
}
