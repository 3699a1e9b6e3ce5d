/**
 * `/profile` throughput of the app as one process and as two cluster workers (`--workers 2`),
 * each on its own SQLite file, measured in one run: both started, then loaded in turn for
 * ROUNDS rounds (the order swapped each round, so a busy neighbour slows both alike), and the
 * ratio of the medians reported. The load comes from wrk where it is installed (a C client,
 * lighter on a 2-core machine), else autocannon; either way it shares the cores with the app.
 *
 * Run: `npx tsx bench/scale/workers.ts` (DURATION seconds per load, default 10; ROUNDS, default 3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadResult, load } from '../runner/load.js';
import { detectCapabilities } from '../runner/stacks.js';
import { median } from '../runner/stats.js';
import { type SignedIn, signedIn } from './signed-in.js';

const SECONDS = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = 32;
const { wrk } = detectCapabilities();

function profile(app: SignedIn, seconds: number): Promise<LoadResult> {
  return load(wrk, {
    url: `${app.url}/profile`,
    headers: { cookie: app.cookie },
    connections: CONNECTIONS,
    seconds,
  });
}

const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
const apps = {
  '1 process': await signedIn({ DATABASE_URL: `sqlite:${join(dir, 'one.db')}` }),
  '2 workers': await signedIn({ DATABASE_URL: `sqlite:${join(dir, 'two.db')}` }, 2),
};
const rates: Record<keyof typeof apps, number[]> = { '1 process': [], '2 workers': [] };
try {
  const names = Object.keys(apps) as (keyof typeof apps)[];
  for (const name of names) await profile(apps[name], 3); // warm-up: JIT, caches, connections
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const result = await profile(apps[name], SECONDS);
      if (result.bad > 0 || result.errors > 0) {
        throw new Error(`${name}: ${result.bad} answers not 2xx/3xx and ${result.errors} errors`);
      }
      rates[name].push(result.rps);
      console.log(
        `round ${round + 1}/${ROUNDS} ${name}: ${result.rps.toFixed(0)} req/s (p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms)`,
      );
    }
  }
} finally {
  await Promise.all(Object.values(apps).map((app) => app.close()));
  rmSync(dir, { recursive: true, force: true });
}
const one = median(rates['1 process']);
const two = median(rates['2 workers']);
console.log(
  `load by ${wrk ? 'wrk' : 'autocannon'}, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s; medians: 1 process ${one.toFixed(0)} req/s, 2 workers ${two.toFixed(0)} req/s`,
);
console.log(`2 workers / 1 process: ${(two / one).toFixed(2)}x (target 1.6x)`);
