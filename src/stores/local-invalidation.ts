/** @module An in-process invalidation channel, for stores living in one process (memory, SQLite). */
import type { Invalidation, InvalidationChannel } from './types.js';

/** Options for {@link createLocalInvalidationChannel}. */
export interface LocalInvalidationOptions {
  /** Called with whatever a listener throws; the other listeners still receive the message. */
  readonly onListenerError?: (error: unknown, message: Invalidation) => void;
}

/**
 * Creates an in-process pub/sub channel that delivers each message synchronously to every listener.
 *
 * @example
 * const channel = createLocalInvalidationChannel();
 * const stop = channel.subscribe((message) => cache.evict(message));
 * await channel.publish({ kind: 'user', userId: '42' });
 * stop();
 */
export function createLocalInvalidationChannel(
  options: LocalInvalidationOptions = {},
): InvalidationChannel {
  const listeners = new Set<(message: Invalidation) => void>();
  const onListenerError = options.onListenerError;
  return {
    async publish(message) {
      // A snapshot: a listener that (un)subscribes mid-delivery changes nothing this time.
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch (error) {
          // One broken cache must not keep a revocation from reaching the others.
          onListenerError?.(error, message);
        }
      }
    },
    subscribe(listener) {
      // A wrapper per subscription: one function subscribed twice gets two independent handles.
      const entry = (message: Invalidation) => listener(message);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
}
