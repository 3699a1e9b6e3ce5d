/**
 * The conformance suite on a real Redis (`TEST_REDIS_URL`), plus what only Redis has: TTLs,
 * the key prefix, atomic scripts across connections, and the pub/sub invalidation channel.
 */
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { createLocalInvalidationChannel } from '../../src/stores/local-invalidation.js';
import {
  createRedisInvalidationChannel,
  createRedisStores,
  RedisCounterStore,
  type RedisInvalidationChannel,
  RedisTokenStore,
  redisKeys,
} from '../../src/stores/redis/index.js';
import type { Invalidation } from '../../src/stores/types.js';
import { describeRedis, type RedisRun } from '../support/redis.js';
import { startPrivateRedis } from '../support/redis-server.js';
import { runStoreConformance } from './conformance.js';
import { HOUR, MINUTE, makeSession, makeToken, T0 } from './fixtures.js';

describeRedis('redis', (run) => {
  let serial = 0;
  /** A prefix of its own for each test, so no test sees another's keys. */
  const freshPrefix = () => `${run.prefix}${++serial}:`;

  runStoreConformance(
    'redis',
    async () => {
      const redis = run.connect();
      const invalidation = createLocalInvalidationChannel();
      const stores = createRedisStores(redis, { prefix: freshPrefix(), invalidation });
      return { stores, close: async () => redis.disconnect() };
    },
    { expiry: 'ttl' },
  );

  describe('keys and TTLs', () => keyTests(run, freshPrefix));
  describe('atomic across connections', () => atomicTests(run, freshPrefix));
  describe('invalidation channel', () => channelTests(run, freshPrefix));
});

function keyTests(run: RedisRun, freshPrefix: () => string): void {
  it('each record expires at its own expiresAt, and a user index at its longest-lived entry', async () => {
    const redis = run.connect();
    const prefix = freshPrefix();
    const keys = redisKeys(prefix);
    const stores = createRedisStores(redis, {
      prefix,
      invalidation: createLocalInvalidationChannel(),
    });
    const session = makeSession({ expiresAt: T0 + HOUR, absoluteExpiresAt: T0 + 24 * HOUR });
    const token = makeToken({ purpose: 'remember', expiresAt: T0 + 2 * HOUR });
    await stores.sessions.create(session);
    await stores.tokens.create(token);
    await stores.counters.increment('login:a', MINUTE, T0);
    expect(await redis.pexpiretime(keys.session(session.id))).toBe(T0 + HOUR);
    expect(await redis.pexpiretime(keys.userSessions('user-1'))).toBe(T0 + 24 * HOUR);
    expect(await redis.pexpiretime(keys.token(token.selector))).toBe(T0 + 2 * HOUR);
    expect(await redis.pexpiretime(keys.userTokens('user-1'))).toBe(T0 + 2 * HOUR);
    expect(await redis.pexpiretime(keys.counter('login:a'))).toBe(T0 + MINUTE);

    await stores.sessions.update(session.id, { lastSeenAt: T0 + MINUTE, expiresAt: T0 + 2 * HOUR });
    await stores.tokens.touch(token.selector, T0 + 30 * HOUR);
    expect(await redis.pexpiretime(keys.session(session.id))).toBe(T0 + 2 * HOUR);
    expect(await redis.pexpiretime(keys.token(token.selector))).toBe(T0 + 30 * HOUR);
    expect(await redis.pexpiretime(keys.userTokens('user-1'))).toBe(T0 + 30 * HOUR);
    const rotation = {
      hash: 'h1',
      previousHash: 'hash-0',
      rotatedAt: T0,
      expiresAt: T0 + 40 * HOUR,
    };
    expect(await stores.tokens.rotate(token.selector, 'hash-0', rotation)).toBe(true);
    expect(await redis.pexpiretime(keys.token(token.selector))).toBe(T0 + 40 * HOUR);
    expect(await redis.pexpiretime(keys.userTokens('user-1'))).toBe(T0 + 40 * HOUR);
  });

  it('a session patched by the script keeps slashes, backslashes, quotes and unicode exactly', async () => {
    const redis = run.connect();
    const prefix = freshPrefix();
    const stores = createRedisStores(redis, {
      prefix,
      invalidation: createLocalInvalidationChannel(),
    });
    const tricky = String.raw`a\/b/c \\/ "q" \u002f žluť 🐎 </script>`;
    const session = makeSession({
      userAgent: tricky,
      data: { path: tricky, n: 1.2345678901234567 },
    });
    await stores.sessions.create(session);
    await stores.sessions.update(session.id, { lastSeenAt: T0 + 1, expiresAt: T0 + HOUR + 1 });
    expect(await stores.sessions.get(session.id)).toStrictEqual({
      ...session,
      lastSeenAt: T0 + 1,
      expiresAt: T0 + HOUR + 1,
    });
    // Written back without cjson's escaped slashes, which would only cost bytes.
    const stored = (await redis.get(redisKeys(prefix).session(session.id))) as string;
    expect(stored).toContain('b/c');
  });

  it('a user index drops the entries of records that have expired, keeping the others', async () => {
    const redis = run.connect();
    const prefix = freshPrefix();
    const tokens = new RedisTokenStore(redis, { prefix });
    const [alive, ended, later] = [
      makeToken(),
      makeToken({ expiresAt: Date.now() - MINUTE }),
      makeToken(),
    ];
    for (const token of [alive, ended, later]) await tokens.create(token);
    const members = await redis.zrange(redisKeys(prefix).userTokens('user-1'), 0, -1);
    expect(members.sort()).toEqual([alive.selector, later.selector].sort());
  });

  it('every key lands under the prefix: a private server holds nothing else', async () => {
    const server = await startPrivateRedis();
    try {
      const privateRedis = new Redis(server.url, { maxRetriesPerRequest: 1 });
      try {
        const stores = createRedisStores(privateRedis, { prefix: 'myapp:' });
        const session = makeSession();
        await stores.sessions.create(session);
        await stores.tokens.create(makeToken({ purpose: 'reset' }));
        await stores.counters.increment('login:a', MINUTE, T0);
        await stores.sessions.invalidation.publish({ kind: 'user', userId: 'user-1' });
        const all: string[] = [];
        for await (const batch of privateRedis.scanStream({ match: '*' })) {
          all.push(...(batch as string[]));
        }
        expect(all.length).toBe(5);
        for (const key of all) expect(key.startsWith('myapp:')).toBe(true);
        expect(await privateRedis.pubsub('CHANNELS', '*')).toEqual(['myapp:invalidation']);
        await stores.close();
      } finally {
        privateRedis.disconnect();
      }
    } finally {
      await server.stop();
    }
  });

  it('a prefix that is empty or holds braces or spaces is a configuration error', () => {
    const redis = run.connect({ lazyConnect: true });
    for (const prefix of ['', 'a{b}:', 'my app:']) {
      expect(() => createRedisStores(redis, { prefix })).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      );
    }
  });

  it('a store call while Redis cannot be reached fails fast with store_unavailable', async () => {
    const redis = run.connect({ port: 1, enableOfflineQueue: false, retryStrategy: () => null });
    redis.on('error', () => {});
    const stores = createRedisStores(redis, { invalidation: createLocalInvalidationChannel() });
    const started = Date.now();
    await expect(stores.sessions.get('any')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(stores.counters.increment('k', MINUTE, T0)).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
}

function atomicTests(run: RedisRun, freshPrefix: () => string): void {
  it('consume() across two connections gives the token to exactly one of twenty callers', async () => {
    const prefix = freshPrefix();
    const [a, b] = [run.connect(), run.connect()].map((r) => new RedisTokenStore(r, { prefix }));
    const token = makeToken();
    await a?.create(token);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b)?.consume(token.selector, 'reset', T0)),
    );
    expect(results.filter((result) => result !== null)).toStrictEqual([token]);
  });

  it('rotate() across two connections lets exactly one caller win', async () => {
    const prefix = freshPrefix();
    const [a, b] = [run.connect(), run.connect()].map((r) => new RedisTokenStore(r, { prefix }));
    const token = makeToken({ purpose: 'remember' });
    await a?.create(token);
    const rotation = (i: number) => ({
      hash: `hash-${i + 1}`,
      previousHash: 'hash-0',
      rotatedAt: T0,
      expiresAt: T0 + HOUR,
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b)?.rotate(token.selector, 'hash-0', rotation(i)),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await a?.get(token.selector))?.hash).toBe(`hash-${results.indexOf(true) + 1}`);
  });

  it('increment() from two connections adds up to one count', async () => {
    const prefix = freshPrefix();
    const [a, b] = [run.connect(), run.connect()].map((r) => new RedisCounterStore(r, { prefix }));
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b)?.increment('k', MINUTE, T0)),
    );
    expect(await a?.get('k', T0)).toStrictEqual({ count: 30, resetAt: T0 + MINUTE });
  });
}

function channelTests(run: RedisRun, freshPrefix: () => string): void {
  const channels: RedisInvalidationChannel[] = [];
  const open = (redis: Redis, prefix: string, subscriber?: Redis) => {
    const channel = createRedisInvalidationChannel(redis, {
      prefix,
      ...(subscriber ? { subscriber } : {}),
    });
    channels.push(channel);
    return channel;
  };
  const untilLive = (channel: RedisInvalidationChannel) =>
    vi.waitFor(() => expect(channel.isLive()).toBe(true), { timeout: 5_000, interval: 5 });

  it('a revocation published through one connection reaches a listener on another', async () => {
    const prefix = freshPrefix();
    const a = open(run.connect(), prefix);
    const b = open(run.connect(), prefix);
    await Promise.all([untilLive(a), untilLive(b)]);
    const heardByA: Invalidation[] = [];
    const heardByB: Invalidation[] = [];
    a.subscribe((message) => heardByA.push(message));
    b.subscribe((message) => heardByB.push(message));
    await a.publish({ kind: 'sessions', ids: ['s1', 's2'] });
    await a.publish({ kind: 'user', userId: 'user-7' });
    // The publisher's own listeners hear it at once, and only once (no echo from Redis).
    expect(heardByA).toEqual([
      { kind: 'sessions', ids: ['s1', 's2'] },
      { kind: 'user', userId: 'user-7' },
    ]);
    await vi.waitFor(() => expect(heardByB).toHaveLength(2), { timeout: 2_000, interval: 5 });
    expect(heardByB).toEqual(heardByA);
    expect(heardByA).toHaveLength(2);
    await Promise.all(channels.splice(0).map((channel) => channel.close()));
  });

  it('is not live before it has subscribed, and flushes everything when it becomes live', async () => {
    const channel = open(run.connect(), freshPrefix());
    const heard: Invalidation[] = [];
    channel.subscribe((message) => heard.push(message));
    expect(channel.isLive()).toBe(false);
    await untilLive(channel);
    expect(heard).toEqual([{ kind: 'all' }]);
    await channel.close();
    expect(channel.isLive()).toBe(false);
  });

  it('goes not live when its connection is killed, and after resubscribing flushes everything', async () => {
    const prefix = freshPrefix();
    const name = `${prefix.replaceAll(':', '-')}sub`;
    const subscriber = run.connect({ connectionName: name, retryStrategy: () => 300 });
    subscriber.on('error', () => {});
    const publisher = run.connect();
    const channel = open(publisher, prefix, subscriber);
    const other = open(run.connect(), prefix);
    await Promise.all([untilLive(channel), untilLive(other)]);
    const heard: Invalidation[] = [];
    channel.subscribe((message) => heard.push(message));

    const admin = run.connect();
    const clients = String(await admin.client('LIST'));
    const id = /id=(\d+) .*name=(\S+)/
      .exec(clients.split('\n').find((line) => line.includes(`name=${name} `)) ?? '')
      ?.at(1);
    expect(id).toBeDefined();
    await admin.client('KILL', 'ID', id as string);
    await vi.waitFor(() => expect(channel.isLive()).toBe(false), { timeout: 2_000, interval: 2 });
    // Published while it is away: lost to it, which is why it must flush when it is back.
    await other.publish({ kind: 'user', userId: 'missed' });
    await untilLive(channel);
    expect(heard).toEqual([{ kind: 'all' }]);
    await other.publish({ kind: 'user', userId: 'after' });
    await vi.waitFor(() => expect(heard).toHaveLength(2), { timeout: 2_000, interval: 5 });
    expect(heard[1]).toEqual({ kind: 'user', userId: 'after' });
    await Promise.all(channels.splice(0).map((c) => c.close()));
  });

  it('goes not live when Redis stops answering without closing, and is live again once it answers', async () => {
    const server = await startPrivateRedis();
    const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    const channel = createRedisInvalidationChannel(redis, { heartbeatMs: 100 });
    try {
      await untilLive(channel);
      const heard: Invalidation[] = [];
      channel.subscribe((message) => heard.push(message));
      server.pause();
      await vi.waitFor(() => expect(channel.isLive()).toBe(false), {
        timeout: 2_000,
        interval: 10,
      });
      server.resume();
      await untilLive(channel);
      expect(heard).toEqual([{ kind: 'all' }]);
    } finally {
      await channel.close();
      redis.disconnect();
      await server.stop();
    }
  });

  it('ignores messages that are not well-formed, and reports them', async () => {
    const prefix = freshPrefix();
    const errors: unknown[] = [];
    const channel = createRedisInvalidationChannel(run.connect(), {
      prefix,
      onError: (error) => errors.push(error),
    });
    channels.push(channel);
    await untilLive(channel);
    const heard: Invalidation[] = [];
    channel.subscribe((message) => heard.push(message));
    const raw = run.connect();
    await raw.publish(`${prefix}invalidation`, 'not json');
    await raw.publish(`${prefix}invalidation`, JSON.stringify({ kind: 'user', from: 'x' }));
    await raw.publish(`${prefix}invalidation`, JSON.stringify({ kind: 'all', from: 'x' }));
    await vi.waitFor(() => expect(heard).toEqual([{ kind: 'all' }]), { timeout: 2_000 });
    expect(errors).toHaveLength(2);
    await channel.close();
  });
}
