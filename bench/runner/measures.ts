/**
 * @module The measures, each interleaved across stacks round by round so that a noisy
 * neighbour slows every stack alike: /profile throughput, logins, the login storm, 1k against
 * 1M live sessions, memory per session, and a soak.
 */
import { BENCH_USER_AGENT } from '../apps/shared/fixture.js';
import { sampleIndexes, seededSecret } from '../apps/shared/seed-sessions.js';
import { FORM_HEADERS, loginBody } from './client.js';
import type { HashBound, HashRun } from './hash-bound.js';
import { type LoadResult, load } from './load.js';
import type { RunningApp } from './processes.js';

/** A loaded app with the cookie of its logged-in bench user. */
export interface Target {
  readonly app: RunningApp;
  readonly cookie: string;
}

export interface Rounds {
  readonly rounds: number;
  readonly seconds: number;
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

function append<T>(results: Record<string, T[]>, key: string, value: T): void {
  const list = results[key] ?? [];
  list.push(value);
  results[key] = list;
}

/** The stacks in a different order each round, so none always runs first or last. */
function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = items.length === 0 ? 0 : round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Runs `measure` on every entry `rounds` times, the order rotated each round, and logs each
 * result: what every measure below shares.
 */
async function interleaved<E, R>(
  entries: readonly E[],
  rounds: number,
  keyOf: (entry: E) => string,
  measure: (entry: E) => Promise<R>,
  describe: (round: string, key: string, result: R) => string,
): Promise<Record<string, R[]>> {
  const results: Record<string, R[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const entry of rotated(entries, round)) {
      const result = await measure(entry);
      append(results, keyOf(entry), result);
      log(describe(`${round + 1}/${rounds}`, keyOf(entry), result));
    }
  }
  return results;
}

const stackOf = (target: Target) => target.app.stack.id;

/** Runs a load and notes the app's CPU time per request it served. */
async function withCpu(app: RunningApp, run: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = app.cpuMs();
  const result = await run();
  const served = result.requests;
  return {
    ...result,
    cpuUsPerRequest: served > 0 ? ((app.cpuMs() - before) * 1000) / served : Number.NaN,
  };
}

function profileLoad(wrk: string | null, target: Target, seconds: number, connections = 50) {
  return withCpu(target.app, () =>
    load(wrk, {
      url: `${target.app.base}/profile`,
      headers: { cookie: target.cookie, 'user-agent': BENCH_USER_AGENT },
      connections,
      seconds,
    }),
  );
}

function loginLoad(wrk: string | null, target: Target, seconds: number, connections = 8) {
  return load(wrk, {
    url: `${target.app.base}/login`,
    method: 'POST',
    headers: FORM_HEADERS,
    body: loginBody(),
    connections,
    seconds,
  });
}

/** A short load per stack before anything is timed (JIT, caches, connection pools). */
export async function warmUp(wrk: string | null, targets: readonly Target[], seconds: number) {
  for (const target of targets) await profileLoad(wrk, target, seconds);
}

/** `GET /profile` at 50 connections, `rounds` times per stack, interleaved. */
export function measureProfile(
  wrk: string | null,
  targets: readonly Target[],
  { rounds, seconds }: Rounds,
): Promise<Record<string, LoadResult[]>> {
  return interleaved(
    targets,
    rounds,
    stackOf,
    (target) => profileLoad(wrk, target, seconds),
    (round, key, result) =>
      `profile ${round} ${key}: ${result.rps.toFixed(0)} req/s, p99 ${result.latencyMs.p99.toFixed(2)} ms, ${result.cpuUsPerRequest?.toFixed(0)} µs CPU per request`,
  );
}

/** `POST /login` at 8 connections, and the hash bound measured in the same rounds. */
export interface LoginRuns {
  readonly logins: Record<string, LoadResult[]>;
  /** Per hash kind: `parallel` raw checks kept in flight, one burst per round. */
  readonly hashRate: Record<string, HashRun[]>;
}

/**
 * Successful logins per second, interleaved round by round with the bound itself: each hash
 * the login stacks use, `parallel` checks at once (the cores), for as long as a login load.
 */
export async function measureLogins(
  wrk: string | null,
  targets: readonly Target[],
  { rounds, seconds }: Rounds,
  bound: HashBound | null,
  parallel: number,
): Promise<LoginRuns> {
  type Entry = { target: Target } | { hash: string };
  const kinds = bound ? [...new Set(targets.map((target) => target.app.stack.hash))] : [];
  const entries: Entry[] = [
    ...targets.map((target) => ({ target })),
    ...kinds.map((hash) => ({ hash })),
  ];
  const runs = await interleaved<Entry, LoadResult | HashRun>(
    entries,
    rounds,
    (entry) => ('target' in entry ? stackOf(entry.target) : `hash:${entry.hash}`),
    (entry) =>
      'target' in entry
        ? loginLoad(wrk, entry.target, seconds)
        : (bound as HashBound).measure(entry.hash, parallel, seconds),
    (round, key, result) =>
      'rate' in result
        ? `bound ${round} ${key}: ${result.rate.toFixed(1)} checks/s (${parallel} at once)`
        : `logins ${round} ${key}: ${result.rps.toFixed(1)}/s`,
  );
  const logins: Record<string, LoadResult[]> = {};
  const hashRate: Record<string, HashRun[]> = {};
  for (const [key, list] of Object.entries(runs)) {
    if (key.startsWith('hash:')) hashRate[key.slice(5)] = list as HashRun[];
    else logins[key] = list as LoadResult[];
  }
  return { logins, hashRate };
}

/** One storm: /profile at 50 connections while 8 connections post logins, side by side. */
export interface StormRun {
  readonly profile: LoadResult;
  readonly logins: LoadResult;
}

export function measureStorm(
  wrk: string | null,
  targets: readonly Target[],
  { rounds, seconds }: Rounds,
): Promise<Record<string, StormRun[]>> {
  return interleaved(
    targets,
    rounds,
    stackOf,
    async (target) => {
      const [profile, logins] = await Promise.all([
        profileLoad(wrk, target, seconds),
        loginLoad(wrk, target, seconds),
      ]);
      return { profile, logins };
    },
    (round, key, { profile, logins }) =>
      `storm ${round} ${key}: ${profile.rps.toFixed(0)} req/s, p99 ${profile.latencyMs.p99.toFixed(2)} ms, ${logins.rps.toFixed(1)} logins/s`,
  );
}

/** Cookie headers of `sample` seeded sessions spread over a store of `total`. */
export function seededCookies(total: number, sample: number): string[] {
  return sampleIndexes(total, sample).map((index) => `session=${seededSecret(index)}`);
}

/** `/profile` cycling through many seeded sessions, for stores of different sizes. */
export async function measureSeeded(
  wrk: string | null,
  apps: readonly { app: RunningApp; cookies: readonly string[]; key: string }[],
  { rounds, seconds }: Rounds,
): Promise<Record<string, LoadResult[]>> {
  const run = (entry: (typeof apps)[number], time: number) =>
    withCpu(entry.app, () =>
      load(wrk, {
        url: `${entry.app.base}/profile`,
        headers: { 'user-agent': BENCH_USER_AGENT },
        cookies: entry.cookies,
        connections: 50,
        seconds: time,
      }),
    );
  // Half a load's length (1 to 2 s) to fill the caches and the JIT before the timed rounds.
  const warm = Math.max(1, Math.min(2, seconds / 2));
  for (const entry of apps) await run(entry, warm);
  return interleaved(
    apps,
    rounds,
    (entry) => entry.key,
    (entry) => run(entry, seconds),
    (round, key, result) =>
      `sessions ${round} ${key}: ${result.rps.toFixed(0)} req/s, p99 ${result.latencyMs.p99.toFixed(2)} ms, ${result.bad} refused`,
  );
}

/** RSS sampled while `connections` hammer /profile for `seconds`. */
export interface SoakRun {
  readonly connections: number;
  readonly seconds: number;
  readonly samples: { readonly at: number; readonly rss: number }[];
  readonly load: LoadResult;
}

export async function measureSoak(
  wrk: string | null,
  target: Target,
  seconds: number,
  connections: number,
): Promise<SoakRun> {
  const samples: { at: number; rss: number }[] = [];
  const start = Date.now();
  const sampler = setInterval(() => {
    samples.push({ at: (Date.now() - start) / 1000, rss: target.app.rss() });
  }, 5000);
  try {
    const result = await profileLoad(wrk, target, seconds, connections);
    samples.push({ at: (Date.now() - start) / 1000, rss: target.app.rss() });
    return { connections, seconds, samples, load: result };
  } finally {
    clearInterval(sampler);
  }
}
