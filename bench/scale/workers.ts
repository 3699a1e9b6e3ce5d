/**
 * `/profile` throughput of the app as one process and as two cluster workers (`--workers 2`),
 * measured in one run with autocannon against the real processes on one SQLite file each; the
 * load generator runs on the same machine, so on 2 cores it takes its share of the CPU.
 *
 * Run: `npx tsx bench/scale/workers.ts` (DURATION seconds per run, default 10).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { signedIn } from './signed-in.js';

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = 32;

async function throughput(workers: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
  const app = await signedIn(
    { DATABASE_URL: `sqlite:${join(dir, 'app.db')}` },
    workers > 1 ? workers : undefined,
  );
  try {
    const options = {
      url: `${app.url}/profile`,
      connections: CONNECTIONS,
      headers: { cookie: app.cookie },
    };
    await autocannon({ ...options, duration: 3 }); // warm-up: JIT, caches, connections
    const result = await autocannon({ ...options, duration: DURATION });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
    }
    const rate = result.requests.average;
    console.log(
      `${workers} ${workers > 1 ? 'workers' : 'process'}: ${rate.toFixed(0)} req/s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms)`,
    );
    return rate;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const one = await throughput(1);
const two = await throughput(2);
console.log(`2 workers / 1 process: ${(two / one).toFixed(2)}x (target 1.6x)`);
