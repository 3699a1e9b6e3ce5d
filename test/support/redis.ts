/**
 * @module Redis for tests, from `TEST_REDIS_URL`, under a random key prefix per suite so suites
 * sharing one server never see each other's keys. Without the variable the suite is skipped
 * loudly, except under CI, where a missing Redis fails.
 */
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

const url = process.env.TEST_REDIS_URL;

/** What a Redis suite is given. */
export interface RedisRun {
  /** The server's URL. */
  readonly url: string;
  /** This suite's own key prefix, e.g. `lktest:1a2b3c4d5e6f:`. */
  readonly prefix: string;
  /** A new connection, closed after the suite. */
  connect(options?: RedisOptions): Redis;
  /** Every key under this suite's prefix (SCAN, never KEYS). */
  keys(): Promise<string[]>;
}

/**
 * Declares a Redis suite; its keys are deleted after its last test (only its own prefix: never
 * FLUSHDB on a shared server).
 *
 * @example describeRedis('redis stores', (run) => { it('…', async () => { run.connect(); }); });
 */
export function describeRedis(name: string, body: (run: RedisRun) => void): void {
  if (url === undefined || url === '') {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it('needs TEST_REDIS_URL, which CI must set', () => {
          expect.fail('TEST_REDIS_URL is not set; CI runs every Redis test.');
        });
      });
      return;
    }
    console.warn(`Skipping "${name}": set TEST_REDIS_URL (redis://…) to run it.`);
    describe.skip(`${name} (SKIPPED: TEST_REDIS_URL is not set)`, () => body(unavailable));
    return;
  }
  const prefix = `lktest:${randomBytes(6).toString('hex')}:`;
  const connections: Redis[] = [];
  const connect = (options: RedisOptions = {}) => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, ...options });
    connections.push(redis);
    return redis;
  };
  const run: RedisRun = {
    url,
    prefix,
    connect,
    async keys() {
      const admin = connect();
      const found: string[] = [];
      for await (const batch of admin.scanStream({ match: `${prefix}*`, count: 500 })) {
        found.push(...(batch as string[]));
      }
      return found;
    },
  };
  describe(name, () => {
    afterAll(async () => {
      await deleteKeysUnder(url, prefix);
      for (const redis of connections.splice(0)) redis.disconnect();
    });
    body(run);
  });
}

/**
 * Deletes every key under `prefix` on the server at `url` (SCAN and UNLINK; never FLUSHDB).
 *
 * @example await deleteKeysUnder('redis://127.0.0.1:6379', 'lktest:1a2b:');
 */
export async function deleteKeysUnder(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {}); // The scan below rejects; the event needs no second report.
  try {
    for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      const keys = batch as string[];
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

const unavailable: RedisRun = {
  url: 'redis://unset',
  prefix: 'unused:',
  connect: () => {
    throw new Error('Redis is not configured');
  },
  keys: async () => [],
};
