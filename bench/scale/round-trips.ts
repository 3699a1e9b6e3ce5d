/**
 * Store round trips of a steady-state authenticated request on PostgreSQL: the app runs as a
 * real process behind a relay that counts what reaches the server (each simple query and each
 * extended-protocol Sync), the user is logged in, `/profile` is warmed, then asked N times;
 * `/healthz` (one `select 1` each) checks the counter in the same run.
 *
 * Run: `npx tsx bench/scale/round-trips.ts` (TEST_POSTGRES_URL, default the loopback server).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPgWireCounter } from './pg-wire-counter.js';
import { signedIn } from './signed-in.js';

const REQUESTS = 500;
const base = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const schema = `bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: base.href });
await admin.connect();
await admin.query(`create schema ${schema}`);
const counter = await startPgWireCounter({ host: base.hostname, port: Number(base.port || 5432) });
const relayed = new URL(base);
relayed.hostname = '127.0.0.1';
relayed.port = String(counter.port);
relayed.searchParams.set('options', `-c search_path=${schema}`);
try {
  const app = await signedIn({ DATABASE_URL: relayed.href });
  try {
    const get = async () => {
      const reply = await fetch(`${app.url}/profile`, { headers: { cookie: app.cookie } });
      await reply.arrayBuffer();
      if (reply.status !== 200) throw new Error(`/profile answered ${reply.status}`);
    };
    for (let i = 0; i < 5; i++) await get();
    counter.reset();
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) await get();
    const seconds = (performance.now() - started) / 1000;
    const trips = counter.storeRoundTrips();
    console.log(
      `PostgreSQL: ${REQUESTS} steady-state GET /profile in ${seconds.toFixed(1)} s made ${trips} store round trips (${(trips / REQUESTS).toFixed(3)} per request); the invalidation listener's heartbeat made ${counter.listenerRoundTrips()}.`,
    );
    // The counter's own check, in the same run: /healthz asks the database once per request.
    counter.reset();
    for (let i = 0; i < 50; i++) await (await fetch(`${app.url}/healthz`)).arrayBuffer();
    console.log(`Check: 50 GET /healthz made ${counter.storeRoundTrips()} round trips (1 each).`);
  } finally {
    await app.close();
  }
} finally {
  await counter.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
