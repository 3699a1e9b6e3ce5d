/**
 * @module argon2 on worker threads of Latchkey's own, each at a lower CPU priority than the
 * event loop. Two things go wrong when hashes run on libuv's pool behind a limiter: a thread that
 * finishes a hash sits idle until the busy event loop gets round to starting the next one (about
 * a tenth of the hash rate lost under a stream of logins), and hashes on every core take CPU from
 * the event loop at equal priority, so authenticated pages slow down during a login storm. Here
 * each worker's queue is its own message port (the next hash starts the moment one ends, without
 * the event loop), and on Linux each worker lowers its own nice value, so the event loop wins a
 * shared core and the hashes take what is left. libuv's pool stays free for files, DNS and crypto.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LatchkeyError } from '../errors.js';

/** Options for {@link createHashPool}. */
export interface HashPoolOptions {
  /** Worker threads, each running one hash at a time; default one per core, at most 8. */
  readonly threads?: number;
  /**
   * How much the workers yield the CPU to the event loop: a nice value from 0 (equal) to 19
   * (yield the most), set per thread on Linux only (elsewhere it would slow the whole process);
   * default 10, at which the event loop gets about nine tenths of a core it shares with a hash.
   */
  readonly niceness?: number;
}

/** The argon2 settings a new hash is made with (the binding's own option names). */
export interface Argon2HashOptions {
  readonly algorithm: number;
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
  readonly outputLen: number;
}

/** argon2 hashing and verifying off the event loop. */
export interface HashPool {
  readonly threads: number;
  /** True for a match; false for a mismatch or a hash the binding cannot read. */
  verify(stored: string, password: string): Promise<boolean>;
  hash(password: string, options: Argon2HashOptions): Promise<string>;
  /** Ends the workers; hashes still queued finish in process. */
  close(): Promise<void>;
}

/** What the pool falls back to when a worker cannot start or dies with work on it. */
export interface InProcessArgon2 {
  verify(stored: string, password: string): Promise<boolean>;
  hash(password: string, options: Argon2HashOptions): Promise<string>;
}

const MAX_DEFAULT_THREADS = 8;
const DEFAULT_NICENESS = 10;

type Job =
  | { readonly op: 'verify'; readonly stored: string; readonly password: string }
  | { readonly op: 'hash'; readonly password: string; readonly options: Argon2HashOptions };

interface Pending {
  readonly job: Job;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Lane {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

// Plain CommonJS run with `eval`, so the same worker serves the TypeScript sources, the compiled
// package and bundles alike; the binding's path comes from the parent's own resolution.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.niceness > 0) {
  try { require('node:os').setPriority(workerData.niceness); } catch {}
}
const argon2 = require(workerData.binding);
parentPort.on('message', (job) => {
  if (job.op === 'verify') {
    // A hash the binding cannot decode is a mismatch, not an error.
    let value = false;
    try { value = argon2.verifySync(job.stored, job.password); } catch {}
    parentPort.postMessage({ id: job.id, value });
    return;
  }
  try {
    parentPort.postMessage({ id: job.id, value: argon2.hashSync(job.password, job.options) });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  }
});
`;

/** The default number of hash workers: one per core, at most 8. */
export function defaultHashThreads(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(cores, MAX_DEFAULT_THREADS));
}

function bindingPath(): string {
  return createRequire(import.meta.url).resolve('@node-rs/argon2');
}

/**
 * Creates a pool of hash workers, started on first use; idle workers never keep the process
 * alive. `binding` is the path the workers load @node-rs/argon2 from (tests point it elsewhere).
 *
 * @example
 * const pool = createHashPool({ threads: 2 }, inProcess);
 * await pool.verify(user.passwordHash, form.password);
 */
export function createHashPool(
  options: HashPoolOptions,
  inProcess: InProcessArgon2,
  binding: string = bindingPath(),
): HashPool {
  const threads = options.threads ?? defaultHashThreads();
  const niceness = options.niceness ?? DEFAULT_NICENESS;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new LatchkeyError('config_invalid', `hash pool threads must be ≥ 1, got ${threads}`);
  }
  if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) {
    throw new LatchkeyError('config_invalid', `hash pool niceness must be 0–19, got ${niceness}`);
  }
  const workerData = {
    binding,
    niceness: process.platform === 'linux' ? niceness : 0,
  };
  const lanes: Lane[] = [];
  let nextId = 0;
  // Once a worker fails to start, every hash runs in process: slower, never lost.
  let broken = false;
  let closed = false;

  const runInProcess = (job: Job): Promise<unknown> =>
    job.op === 'verify'
      ? inProcess.verify(job.stored, job.password)
      : inProcess.hash(job.password, job.options);

  const retire = (lane: Lane, failedToStart: boolean): void => {
    const index = lanes.indexOf(lane);
    if (index >= 0) lanes.splice(index, 1);
    if (failedToStart) broken = true;
    for (const { job, resolve, reject } of lane.pending.values()) {
      runInProcess(job).then(resolve, reject);
    }
    lane.pending.clear();
  };

  const startLane = (): Lane => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    const lane: Lane = { worker, pending: new Map() };
    let answered = false;
    worker.on('message', (message: { id: number; value?: unknown; error?: string }) => {
      answered = true;
      const entry = lane.pending.get(message.id);
      if (!entry) return;
      lane.pending.delete(message.id);
      if (lane.pending.size === 0) worker.unref();
      if (message.error === undefined) entry.resolve(message.value);
      else entry.reject(new Error(`argon2 hash failed: ${message.error}`));
    });
    worker.on('error', () => retire(lane, !answered));
    worker.on('exit', () => retire(lane, !answered && !closed));
    worker.unref();
    lanes.push(lane);
    return lane;
  };

  // The least busy worker, starting another while the pool is below its size and all are busy.
  const pickLane = (): Lane => {
    let best: Lane | undefined;
    for (const lane of lanes) {
      if (!best || lane.pending.size < best.pending.size) best = lane;
    }
    if (best && (best.pending.size === 0 || lanes.length >= threads)) return best;
    return startLane();
  };

  const submit = (job: Job): Promise<unknown> => {
    if (broken || closed) return runInProcess(job);
    let lane: Lane;
    try {
      lane = pickLane();
    } catch {
      broken = true;
      return runInProcess(job);
    }
    return new Promise((resolve, reject) => {
      const id = nextId++;
      lane.pending.set(id, { job, resolve, reject });
      if (lane.pending.size === 1) lane.worker.ref();
      lane.worker.postMessage({ id, ...job });
    });
  };

  return {
    threads,
    // The worker answers a boolean for a verify and a PHC string for a hash.
    verify: (stored, password) => submit({ op: 'verify', stored, password }) as Promise<boolean>,
    hash: (password, hashOptions) =>
      submit({ op: 'hash', password, options: hashOptions }) as Promise<string>,
    async close() {
      closed = true;
      await Promise.all(lanes.map((lane) => lane.worker.terminate()));
    },
  };
}
