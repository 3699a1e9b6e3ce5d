/**
 * Store round trips of a steady-state authenticated request, on PostgreSQL alone and on
 * PostgreSQL + Redis: the app runs as a real process behind relays that count what reaches
 * each server (PostgreSQL: each simple query and each extended-protocol Sync; Redis: each
 * command), the user is logged in, `/profile` is warmed, then asked N times. `/healthz` (one
 * `select 1`, and one PING with Redis, per request) checks the counters in the same run.
 *
 * Run: `npx tsx bench/scale/round-trips.ts` (TEST_POSTGRES_URL and TEST_REDIS_URL, default the
 * loopback servers).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startPgWireCounter } from './pg-wire-counter.js';
import { startRedisWireCounter } from './redis-wire-counter.js';
import { signedIn } from './signed-in.js';

const REQUESTS = 500;
const CHECKS = 50;
const postgresUrl = new URL(
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
);
const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `lkbench:${randomBytes(5).toString('hex')}:`;

const postgres = await startPgWireCounter({
  host: postgresUrl.hostname,
  port: Number(postgresUrl.port || 5432),
});
const redis = await startRedisWireCounter({
  host: redisUrl.hostname,
  port: Number(redisUrl.port || 6379),
});
const admin = new pg.Client({ connectionString: postgresUrl.href });
await admin.connect();
const schemas: string[] = [];

/** A new schema, reached through the counting relay. */
async function relayedDatabase(): Promise<string> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  schemas.push(schema);
  const relayed = new URL(postgresUrl);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(postgres.port);
  relayed.searchParams.set('options', `-c search_path=${schema}`);
  return relayed.href;
}

async function measure(label: string, env: Record<string, string>): Promise<void> {
  const app = await signedIn(env);
  try {
    const get = async (path: string, cookie = app.cookie) => {
      const reply = await fetch(`${app.url}${path}`, { headers: { cookie } });
      await reply.arrayBuffer();
      if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}`);
    };
    for (let i = 0; i < 5; i++) await get('/profile');
    postgres.reset();
    redis.reset();
    for (let i = 0; i < REQUESTS; i++) await get('/profile');
    const trips = postgres.storeRoundTrips() + redis.storeCommands();
    console.log(
      `${label}: ${REQUESTS} steady-state GET /profile made ${trips} store round trips (${(trips / REQUESTS).toFixed(3)} per request: PostgreSQL ${postgres.storeRoundTrips()}, Redis ${redis.storeCommands()}); the channel's own connection made ${postgres.listenerRoundTrips() + redis.subscriberCommands()} (heartbeats).`,
    );
    postgres.reset();
    redis.reset();
    for (let i = 0; i < CHECKS; i++) await get('/healthz', '');
    console.log(
      `  check: ${CHECKS} GET /healthz made ${postgres.storeRoundTrips()} PostgreSQL round trips and ${redis.storeCommands()} Redis commands (1 each per request asked).`,
    );
  } finally {
    await app.close();
  }
}

try {
  await measure('PostgreSQL', { DATABASE_URL: await relayedDatabase() });
  await measure('PostgreSQL + Redis', {
    DATABASE_URL: await relayedDatabase(),
    REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    REDIS_PREFIX: prefix,
  });
} finally {
  await postgres.close();
  await redis.close();
  for (const schema of schemas) await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
  // Only this run's keys, found with SCAN; nothing else on the server is touched.
  const cleaner = new Redis(redisUrl.href);
  for await (const keys of cleaner.scanStream({ match: `${prefix}*`, count: 500 })) {
    if ((keys as string[]).length > 0) await cleaner.del(...(keys as string[]));
  }
  cleaner.disconnect();
}
