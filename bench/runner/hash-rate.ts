/**
 * @module The logins' hash bound, measured as a rate: `parallel` password checks kept in flight
 * for a few seconds, as many at once as the machine has cores. Runs as one long-lived process
 * beside the apps so the bound is taken in the same rounds, under the same neighbours, as the
 * logins it bounds (a single check timed alone, earlier, does not see what two checks at once
 * cost: memory bandwidth, shared caches, sibling hyperthreads, a neighbour that came and went).
 *
 * Protocol: one JSON line per request on stdin, `{"kind":"argon2id","parallel":2,"seconds":5}`;
 * one JSON line per answer on stdout, `{"kind":"argon2id","checks":123,"seconds":5.01}`.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { hash } from '@node-rs/argon2';
import bcrypt from 'bcrypt';
import {
  hashPassword as betterAuthHash,
  verifyPassword as betterAuthVerify,
} from 'better-auth/crypto';
import { BENCH_USER } from '../apps/shared/fixture.js';

const password = BENCH_USER.password;
// The floor's and Latchkey's argon2id: OWASP's 19 MiB, 2 passes, 1 lane (algorithm 2 = argon2id).
const argon2Hash = await hash(password, {
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});
const bcryptHash = await bcrypt.hash(password, 10);
const scryptHash = await betterAuthHash(password);

// The raw check, as each stack's login calls it (no Latchkey limiter: this is the bound).
const checks: Record<string, () => Promise<unknown>> = {
  bcrypt: () => bcrypt.compare(password, bcryptHash),
  scrypt: () => betterAuthVerify({ hash: scryptHash, password }),
};

async function rateInProcess(check: () => Promise<unknown>, parallel: number, seconds: number) {
  await check();
  const start = performance.now();
  const end = start + seconds * 1000;
  let done = 0;
  const lane = async () => {
    while (performance.now() < end) {
      await check();
      done++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return { checks: done, seconds: (performance.now() - start) / 1000 };
}

// werkzeug's pbkdf2 is synchronous: gunicorn runs one check per worker process, so the bound
// runs one python3 process per lane and sums their rates.
const PBKDF2_LANE = [
  'import sys, time',
  'from werkzeug.security import generate_password_hash, check_password_hash',
  `p = ${JSON.stringify(password)}`,
  'h = generate_password_hash(p)',
  'check_password_hash(h, p)',
  'n = 0; s = time.perf_counter(); end = s + float(sys.argv[1])',
  'while time.perf_counter() < end:',
  '    check_password_hash(h, p); n += 1',
  'print(n, time.perf_counter() - s)',
].join('\n');

function pbkdf2Lane(seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['-c', PBKDF2_LANE, String(seconds)], (error, stdout) => {
      if (error) return reject(error);
      const [count, elapsed] = stdout.trim().split(' ').map(Number);
      resolve((count ?? 0) / (elapsed || 1));
    });
  });
}

// argon2id's bound takes the event loop out of it altogether: each lane is a worker thread
// running the binding's synchronous check back to back, so no lane ever waits for a main thread
// to start its next check. Nothing a login does can beat that rate.
const ARGON2_LANE = `
const { parentPort, workerData } = require('node:worker_threads');
const { verifySync } = require(workerData.binding);
const start = performance.now();
const end = start + workerData.seconds * 1000;
let n = 0;
while (performance.now() < end) { verifySync(workerData.hash, workerData.password); n++; }
parentPort.postMessage(n / ((performance.now() - start) / 1000));
`;

/** Checks per second summed over the lanes, each timed over its own run (not its start-up). */
async function argon2Lanes(parallel: number, seconds: number) {
  const binding = createRequire(import.meta.url).resolve('@node-rs/argon2');
  const rates = await Promise.all(
    Array.from(
      { length: parallel },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(ARGON2_LANE, {
            eval: true,
            workerData: { binding, hash: argon2Hash, password, seconds },
          });
          worker.once('message', (perSecond: number) => {
            resolve(perSecond);
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
  const perSecond = rates.reduce((sum, value) => sum + value, 0);
  return { checks: perSecond * seconds, seconds };
}

async function rate(kind: string, parallel: number, seconds: number) {
  if (kind === 'argon2id') return argon2Lanes(parallel, seconds);
  if (kind === 'pbkdf2') {
    const rates = await Promise.all(Array.from({ length: parallel }, () => pbkdf2Lane(seconds)));
    const perSecond = rates.reduce((sum, value) => sum + value, 0);
    return { checks: perSecond * seconds, seconds };
  }
  const check = checks[kind];
  if (!check) throw new Error(`no hash ${kind}`);
  return rateInProcess(check, parallel, seconds);
}

process.stdout.write('{"event":"ready"}\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const { kind, parallel, seconds } = JSON.parse(line) as {
    kind: string;
    parallel: number;
    seconds: number;
  };
  try {
    process.stdout.write(`${JSON.stringify({ kind, ...(await rate(kind, parallel, seconds)) })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ kind, error: (error as Error).message })}\n`);
  }
}
