/**
 * @module The app's Redis: one command connection that fails fast while Redis is away, the
 * stores and the revocation channel on it, and a short PING for `/healthz`.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  createRedisInvalidationChannel,
  createRedisStores,
  type RedisStores,
} from '../src/stores/redis/index.js';

/** Redis as the app uses it. */
export interface AppRedis {
  readonly stores: RedisStores;
  /** True when Redis answers PING within half a second. */
  answers(): Promise<boolean>;
  /** Closes the channel's connection, then the command connection. */
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 500;
/** How long the start waits for Redis before serving anyway (503 where Redis is needed). */
const START_WAIT_MS = 5_000;

/**
 * Connects to Redis and builds the stores under `prefix`. Redis being down at start is logged,
 * not fatal: the app serves 503 where it needs Redis and recovers when it answers.
 *
 * @example const redis = await connectRedis({ url: 'redis://127.0.0.1:6379', prefix: 'latchkey:' }, logger);
 */
export async function connectRedis(
  target: { readonly url: string; readonly prefix: string },
  logger: Logger,
): Promise<AppRedis> {
  const redis = new Redis(target.url, {
    // A request must not wait for a Redis that is gone: nothing queues while disconnected, a
    // command in flight is retried once after a reconnect, and none waits over two seconds.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  let down = false;
  redis.on('error', (error) => {
    if (!down)
      logger.error({ err: error }, 'Redis is unreachable; answering 503 where it is needed');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis answers again');
    down = false;
  });
  if (!(await becomesReady(redis, START_WAIT_MS))) {
    logger.warn({ redis: redactedUrl(target.url) }, 'Redis did not answer at start');
  }
  const invalidation = createRedisInvalidationChannel(redis, {
    prefix: target.prefix,
    onError: (error) => logger.debug({ err: error }, 'invalidation channel'),
  });
  const stores = createRedisStores(redis, { prefix: target.prefix, invalidation });
  return {
    stores,
    async answers() {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      const pong = redis.ping().then(
        () => true,
        () => false,
      );
      const answered = await Promise.race([pong, late]);
      clearTimeout(timer);
      return answered;
    },
    async close() {
      await invalidation.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function becomesReady(redis: Redis, waitMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, waitMs);
    redis.once('ready', onReady);
  });
}

/** The URL without its password, fit for a log line. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}
