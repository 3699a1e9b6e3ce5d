/**
 * Bytes one session takes in Redis, measured with `MEMORY USAGE` on a private `redis-server`
 * (so no other client's keys move the numbers). Sessions are made by a real login through the
 * Hono adapter (user agent, client address, fingerprint, CSRF secret, remember-me), and set
 * against a baseline measured in the same run: the same fields as a Redis hash (the layout
 * tokens use; a user agent is too long for Redis's compact hash encoding).
 * Run: `npx tsx bench/redis-session-memory.ts`.
 */
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { latchkey } from '../src/adapters/hono.js';
import { LoginManager } from '../src/core/manager.js';
import { createRedisStores, redisKeys } from '../src/stores/redis/index.js';
import { startPrivateRedis } from '../test/support/redis-server.js';

const USERS = 200;
const SESSIONS_PER_USER = 5;
const PREFIX = 'latchkey:';
const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface User {
  readonly id: string;
}

const server = await startPrivateRedis();
const redis = new Redis(server.url);
try {
  const stores = createRedisStores(redis, { prefix: PREFIX });
  const manager = new LoginManager<User>({
    stores,
    userLoader: (id) => ({ id }),
    protection: 'basic',
    csrf: { secret: 'bench secret, long enough for the CSRF signature' },
  });
  const app = new Hono();
  app.use(latchkey(manager));
  app.post('/login/:id', async (c) => {
    await c.var.auth.login(
      { id: c.req.param('id') },
      { remember: c.req.query('remember') === '1' },
    );
    return c.text('ok');
  });

  const sessions = USERS * SESSIONS_PER_USER;
  /** Logs every user in SESSIONS_PER_USER times; returns used_memory growth per login. */
  const loginAll = async (users: string, remember: boolean) => {
    const before = await usedMemory(redis);
    for (let u = 0; u < USERS; u += 1) {
      for (let s = 0; s < SESSIONS_PER_USER; s += 1) {
        const reply = await app.request(
          `/login/${users}-${u}?remember=${remember ? 1 : 0}`,
          { method: 'POST', headers: { 'user-agent': USER_AGENT } },
          { incoming: { socket: { remoteAddress: `2001:db8::${u.toString(16)}:${s}` } } },
        );
        if (reply.status !== 200) throw new Error(`login answered ${reply.status}`);
      }
    }
    return ((await usedMemory(redis)) - before) / sessions;
  };
  const keyCount = async () => Number(await redis.dbsize());
  const perPlainLogin = await loginAll('plain', false);
  const perRememberedLogin = await loginAll('user', true);

  const keys = redisKeys(PREFIX);
  const [sessionIds] = [await redis.zrange(keys.userSessions('user-0'), 0, -1)];
  const sessionKey = keys.session(sessionIds[0] as string);
  const sample = JSON.parse((await redis.get(sessionKey)) as string) as Record<string, string>;
  const [tokenSelector] = await redis.zrange(keys.userTokens('user-0'), 0, -1);
  const sessionBytes = await memoryUsage(redis, sessionKey);
  const tokenBytes = await memoryUsage(redis, keys.token(tokenSelector as string));
  const indexBytes = await memoryUsage(redis, keys.userSessions('user-0'));
  const tokenIndexBytes = await memoryUsage(redis, keys.userTokens('user-0'));

  // The baseline: the same fields as a hash, under a key of the same length.
  const baselineKey = `${sessionKey.slice(0, -1)}~`;
  await redis.hset(baselineKey, sample);
  const baselineBytes = await memoryUsage(redis, baselineKey);
  await redis.del(baselineKey);

  // An activity update goes through the patch script (Redis's cjson writes `/` as `\/`).
  const now = Date.now();
  await stores.sessions.update(sessionIds[0] as string, { lastSeenAt: now, expiresAt: now + 1e6 });
  const updatedBytes = await memoryUsage(redis, sessionKey);

  await stores.counters.increment('login:someone@example.com', 900_000, Date.now());
  const counterBytes = await memoryUsage(redis, keys.counter('login:someone@example.com'));

  const perSession = sessionBytes + indexBytes / SESSIONS_PER_USER;
  const perToken = tokenBytes + tokenIndexBytes / SESSIONS_PER_USER;
  console.log(`A typical session (${Object.keys(sample).length} fields):`);
  console.log(sample);
  console.table({
    'session, JSON string (MEMORY USAGE)': sessionBytes,
    'same fields as a hash (baseline)': baselineBytes,
    'JSON / hash ratio': Number((sessionBytes / baselineBytes).toFixed(2)),
    'session after an activity update': updatedBytes,
    [`user session index (${SESSIONS_PER_USER} members)`]: indexBytes,
    'session + its index share': Math.round(perSession),
    'remember-me token hash': tokenBytes,
    'token + its index share': Math.round(perToken),
    'login with remember-me, all keys': Math.round(perSession + perToken),
    'a throttle counter': counterBytes,
    'used_memory growth per login, no remember-me': Math.round(perPlainLogin),
    'used_memory growth per login with remember-me': Math.round(perRememberedLogin),
    'keys in the server': await keyCount(),
  });
  await stores.close();
} finally {
  redis.disconnect();
  await server.stop();
}

async function memoryUsage(client: Redis, key: string): Promise<number> {
  return Number(await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
}

async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}
