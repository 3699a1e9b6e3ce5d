/**
 * @module Revocations over Redis pub/sub: a dedicated subscriber connection, live only while it
 * is subscribed, and a full flush after every (re)subscription because messages may be lost.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Invalidation, InvalidationChannel } from '../types.js';
import { decodeInvalidation, encodeInvalidation } from './invalidation-message.js';
import { redisKeys } from './keys.js';
import { whenReachable } from './unavailable.js';

/** Options for {@link createRedisInvalidationChannel}. */
export interface RedisInvalidationOptions {
  /** The key prefix; the channel is `<prefix>invalidation`. Default `latchkey:`. */
  readonly prefix?: string;
  /**
   * A connection used for nothing but this channel's SUBSCRIBE (closed by the caller); default a
   * duplicate of `redis`, closed by `close()`.
   */
  readonly subscriber?: Redis;
  /** How often the subscriber is pinged to notice a silently dead connection; default 1000 ms. */
  readonly heartbeatMs?: number;
  /** Told of listener failures, malformed messages and connection errors. */
  readonly onError?: (error: unknown) => void;
}

/** A Redis channel: it can say whether it is live, and must be closed. */
export interface RedisInvalidationChannel extends InvalidationChannel {
  isLive(): boolean;
  close(): Promise<void>;
}

/**
 * Creates the pub/sub channel every process sharing `redis` hears revocations on. Local
 * listeners hear a publish at once; other processes within a round trip.
 *
 * @example
 * const invalidation = createRedisInvalidationChannel(redis, { prefix: 'myapp:' });
 * const stores = createRedisStores(redis, { prefix: 'myapp:', invalidation });
 */
export function createRedisInvalidationChannel(
  redis: Redis,
  options: RedisInvalidationOptions = {},
): RedisInvalidationChannel {
  const channel = redisKeys(options.prefix).invalidation;
  const onError = options.onError ?? (() => {});
  const subscriber =
    options.subscriber ?? redis.duplicate({ autoResubscribe: false, lazyConnect: false });
  const self = randomUUID();
  const listeners = new Set<(message: Invalidation) => void>();
  let live = false;
  let closed = false;
  // Bumped whenever the connection drops: a subscription acknowledged on an older connection
  // must not make the channel live.
  let connection = 0;

  const deliver = (message: Invalidation) => {
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (error) {
        onError(error);
      }
    }
  };
  const subscribe = () => {
    const mine = connection;
    subscriber.subscribe(channel).then(() => {
      if (closed || mine !== connection) return;
      // Whatever was published while we were away is lost: caches start over, then trust again.
      deliver({ kind: 'all' });
      live = true;
    }, onError);
  };
  const dropped = () => {
    live = false;
    connection += 1;
  };
  const onMessage = (from: string, text: string) => {
    if (from !== channel) return;
    const decoded = decodeInvalidation(text);
    if (decoded === null) onError(new Error(`Ignored a malformed invalidation: ${text}`));
    else if (decoded.from !== self) deliver(decoded.message);
  };
  subscriber.on('ready', subscribe);
  subscriber.on('close', dropped);
  subscriber.on('end', dropped);
  subscriber.on('error', onError);
  subscriber.on('message', onMessage);
  if (subscriber.status === 'ready') subscribe();

  const heartbeat = setInterval(() => {
    if (!live) return;
    const mine = connection;
    const timer = setTimeout(() => {
      // No pong in time: the connection is dead without having said so. Reconnect.
      if (mine === connection && !closed) {
        dropped();
        subscriber.disconnect(true);
      }
    }, options.heartbeatMs ?? 1000);
    subscriber.ping().then(
      () => clearTimeout(timer),
      () => {},
    );
  }, options.heartbeatMs ?? 1000);
  heartbeat.unref();

  return {
    async publish(message) {
      deliver(message);
      await whenReachable(() => redis.publish(channel, encodeInvalidation(message, self)));
    },
    subscribe(listener) {
      const entry = (message: Invalidation) => listener(message);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    isLive: () => live && !closed,
    async close() {
      if (closed) return;
      closed = true;
      live = false;
      clearInterval(heartbeat);
      subscriber.off('ready', subscribe);
      subscriber.off('close', dropped);
      subscriber.off('end', dropped);
      subscriber.off('message', onMessage);
      if (options.subscriber) {
        await subscriber.unsubscribe(channel).catch(() => {});
        subscriber.off('error', onError);
      } else {
        subscriber.disconnect();
      }
    },
  };
}
