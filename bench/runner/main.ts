/**
 * @module `npm run bench` (full) and `npm run bench:quick`: starts every stack on loopback,
 * checks its contract, runs the interleaved measures, and writes the raw runs as JSON under
 * bench/results/ and, for a full run, docs/benchmarks.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildApps } from './build.js';
import { checkContract } from './client.js';
import { startHashBound } from './hash-bound.js';
import {
  measureLogins,
  measureProfile,
  measureSeeded,
  measureSoak,
  measureStorm,
  seededCookies,
  type Target,
  warmUp,
} from './measures.js';
import { type RunningApp, startApp } from './processes.js';
import { renderReport } from './report.js';
import { type BenchResults, MODES, type ModeName } from './results.js';
import { postgresBytesPerSession, redisBytesPerSession, seedSqlite } from './seed-stores.js';
import {
  allStacks,
  BENCH_DIR,
  BUILD_DIR,
  detectCapabilities,
  ROOT_DIR,
  type Stack,
} from './stacks.js';

const STARTUP_BATCH = 3;
const modeName = (process.argv[2] ?? 'full') as ModeName;
const mode = MODES[modeName];
if (!mode) throw new Error(`unknown mode ${modeName}; use full, quick or soak`);

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

function version(pkg: string): string {
  for (const base of [join(BENCH_DIR, 'node_modules'), join(ROOT_DIR, 'node_modules')]) {
    try {
      return (
        JSON.parse(readFileSync(join(base, pkg, 'package.json'), 'utf8')) as { version: string }
      ).version;
    } catch {
      // Try the next place.
    }
  }
  return 'not installed';
}

function command(file: string, args: string[]): string {
  // Some tools (wrk -v) print their version and exit non-zero.
  const run = spawnSync(file, args, { encoding: 'utf8' });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  return run.error || output === '' ? 'not installed' : output;
}

await buildApps(ROOT_DIR, BENCH_DIR, BUILD_DIR);
const started = Date.now();
const caps = detectCapabilities();
const stacks = allStacks(caps).filter((stack) => mode.stacks(stack));
log(`${modeName} run: ${stacks.length} stacks, load by ${caps.wrk ? 'wrk' : 'autocannon'}`);

const results: BenchResults = {
  mode: modeName,
  startedAt: new Date(started).toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadAverageAtStart: loadavg(),
    loadAverageAtEnd: [],
  },
  tool: caps.wrk
    ? (command(caps.wrk, ['-v']).split('\n')[0] ?? 'wrk')
    : `autocannon ${version('autocannon')}`,
  commit: command('git', ['-C', ROOT_DIR, 'rev-parse', '--short', 'HEAD']),
  versions: Object.fromEntries(
    [
      'hono',
      '@hono/node-server',
      'express',
      'fastify',
      'passport',
      'passport-local',
      'express-session',
      'bcrypt',
      'connect-redis',
      'redis',
      'better-auth',
      'better-sqlite3',
      'kysely',
      'pg',
      '@node-rs/argon2',
      'lru-cache',
      'cookie',
      'autocannon',
    ].map((pkg) => [pkg, version(pkg)]),
  ),
  python: {
    gunicorn: caps.gunicorn ? command(caps.gunicorn, ['--version']) : 'not installed',
    flaskLogin: caps.gunicorn
      ? command('/usr/bin/python3', [
          '-c',
          'import flask, flask_login; print(flask.__version__, flask_login.__version__)',
        ])
      : 'not installed',
    flaskSqlalchemy: caps.flaskSqlalchemy
      ? command('/usr/bin/python3', [
          '-c',
          'import flask_sqlalchemy, sqlalchemy; print(flask_sqlalchemy.__version__, sqlalchemy.__version__)',
        ])
      : 'not installed',
  },
  config: mode,
  capabilities: {
    ...caps,
    postgresUrl: caps.postgresUrl ? 'set' : null,
    redisUrl: caps.redisUrl ? 'set' : null,
  },
  stacks: stacks.map(({ id, label, family, framework, store, hash }) => ({
    id,
    label,
    family,
    framework,
    store,
    hash,
  })),
  contract: {},
  hashMs: {},
  profile: {},
  logins: {},
  hashRate: {},
  storm: {},
  sessions: null,
  memory: null,
  bytesPerSession: {},
  soak: null,
  apiMe: null,
  failures: [],
  durationSeconds: 0,
};

log('timing one password check per hash');
results.hashMs = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(BENCH_DIR, 'runner/hash-time.ts'),
      String(mode.hashSamples),
      [...new Set(stacks.map((stack) => stack.hash))].join(','),
    ],
    {
      encoding: 'utf8',
    },
  ),
) as Record<string, number | null>;
log(`hash ms: ${JSON.stringify(results.hashMs)}`);

const running: RunningApp[] = [];
async function stopAll(apps: RunningApp[]) {
  await Promise.all(apps.map((app) => app.stop()));
}
process.once('SIGINT', () => {
  void stopAll(running).finally(() => process.exit(130));
});

const targets: Target[] = [];
async function bringUp(stack: Stack): Promise<Target | null> {
  try {
    const app = await startApp(stack);
    running.push(app);
    const check = await checkContract(app.base);
    results.contract[stack.id] = { problems: check.problems, profileBytes: check.profileBytes };
    if (check.problems.length > 0) {
      log(`${stack.id} breaks the contract: ${check.problems.join('; ')} (not timed)`);
      return null;
    }
    log(`${stack.id} up on ${app.port} (profile page ${check.profileBytes} bytes)`);
    return { app, cookie: check.cookie };
  } catch (error) {
    results.contract[stack.id] = {
      problems: [(error as Error).message.split('\n')[0] ?? 'failed'],
      profileBytes: 0,
    };
    log(`${stack.id} did not start: ${(error as Error).message}`);
    return null;
  }
}
// The hash-rate process makes its hashes while the apps start (nothing is timed yet).
const loginTargetIds = mode.logins.rounds > 0 ? mode.loginStacks : [];
const boundStarting = stacks.some((stack) => loginTargetIds.includes(stack.id))
  ? startHashBound()
  : Promise.resolve(null);
// A few at a time: the apps start at once, and their first requests compile on two cores.
for (let from = 0; from < stacks.length; from += STARTUP_BATCH) {
  const batch = await Promise.all(stacks.slice(from, from + STARTUP_BATCH).map(bringUp));
  for (const target of batch) if (target) targets.push(target);
}
// Keep the stacks' declared order (floors first), whatever order they came up in.
targets.sort((a, b) => stacks.indexOf(a.app.stack) - stacks.indexOf(b.app.stack));

const wrk = caps.wrk;
const pick = (ids: readonly string[]) =>
  targets.filter((target) => ids.includes(target.app.stack.id));
try {
  log('warm-up');
  await warmUp(wrk, targets, mode.warmUpSeconds);
  results.profile = await measureProfile(wrk, targets, mode.profile);
  const loginTargets = pick(mode.loginStacks);
  // The bound: as many raw checks at once as there are cores, in the same rounds as the logins.
  const bound = await boundStarting;
  try {
    const logins = await measureLogins(
      wrk,
      loginTargets,
      mode.logins,
      bound,
      results.machine.cores,
    );
    results.logins = logins.logins;
    results.hashRate = logins.hashRate;
  } finally {
    bound?.stop();
  }
  results.storm = await measureStorm(wrk, pick(mode.stormStacks), mode.storm);
  const soakTarget = pick([mode.soak.stack])[0];
  if (soakTarget && mode.soak.seconds > 0) {
    log(
      `soak: ${mode.soak.connections} connections for ${mode.soak.seconds} s on ${mode.soak.stack}`,
    );
    results.soak = await measureSoak(wrk, soakTarget, mode.soak.seconds, mode.soak.connections);
  }
} finally {
  await stopAll(running.splice(0));
}

/** A late measure that fails alone: the run's other results are still written. */
async function optional(name: string, measure: () => Promise<void>): Promise<void> {
  try {
    await measure();
  } catch (error) {
    results.failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    log(`${name} failed: ${(error as Error).message}`);
    await stopAll(running.splice(0));
  }
}

// Live sessions in the store: seeded straight into SQLite, then /profile over a spread sample.
await optional('1k against 1M sessions', async () => {
  const sqliteStack = stacks.find((stack) => stack.id === 'latchkey-hono-sqlite');
  if (sqliteStack && mode.sessions.large > 0) {
    const { small, large, sample } = mode.sessions;
    log(`seeding SQLite with ${small} and ${large} sessions`);
    const smallFile = await seedSqlite(small);
    const largeFile = await seedSqlite(large);
    results.bytesPerSession.sqlite = (largeFile.bytes - smallFile.bytes) / (large - small);
    const variants = (
      mode.sessions.cacheOff ? (['on', 'off'] as const) : (['on'] as const)
    ).flatMap((cache) =>
      [
        { size: small, file: smallFile.file },
        { size: large, file: largeFile.file },
      ].map(({ size, file }) => ({
        size,
        cache,
        env: { BENCH_SQLITE_FILE: file, BENCH_CACHE: cache },
      })),
    );
    try {
      // One at a time per file (two apps migrating the same file at once would contend for its
      // lock); the two files' apps start side by side.
      type Entry = { app: RunningApp; cookies: string[]; key: string };
      const startOn = async (file: string): Promise<Entry[]> => {
        const started: Entry[] = [];
        for (const { size, cache, env } of variants.filter(
          (v) => v.env.BENCH_SQLITE_FILE === file,
        )) {
          const app = await startApp(sqliteStack, env);
          running.push(app);
          started.push({
            app,
            cookies: seededCookies(size, sample),
            key: `${size}-cache-${cache}`,
          });
        }
        return started;
      };
      const byFile = await Promise.all([smallFile.file, largeFile.file].map(startOn));
      // Measured in the variants' own order, whichever started first.
      const entries = variants.flatMap(({ size, cache }) =>
        byFile.flat().filter((entry) => entry.key === `${size}-cache-${cache}`),
      );
      const loads = await measureSeeded(wrk, entries, mode.sessions);
      results.sessions = {
        small,
        large,
        sample,
        loads,
        rss: Object.fromEntries(entries.map((entry) => [entry.key, entry.app.rss()])),
      };
    } finally {
      await stopAll(running.splice(0));
    }
  }
});

// Memory: the memory store's cost per live session, measured in the app after a full GC.
await optional('memory per session', async () => {
  const memoryStack = stacks.find((stack) => stack.id === 'latchkey-hono-memory');
  if (memoryStack && mode.memorySessions > 0) {
    log(`seeding the memory store with ${mode.memorySessions} sessions`);
    const app = await startApp(memoryStack, { BENCH_SEED_SESSIONS: String(mode.memorySessions) });
    const seeding = app.ready as Record<string, number>;
    const count = seeding.seeded ?? mode.memorySessions;
    results.memory = {
      sessions: count,
      rssPer100k: (((seeding.rssAfter ?? 0) - (seeding.rssBefore ?? 0)) / count) * 100_000,
      heapBytesPerSession: ((seeding.heapAfter ?? 0) - (seeding.heapBefore ?? 0)) / count,
    };
    results.bytesPerSession.memory = results.memory.heapBytesPerSession;
    await app.stop();
  }
});
if (caps.postgresUrl && mode.postgresSessions > 0) {
  const url = caps.postgresUrl;
  log(`PostgreSQL: ${mode.postgresSessions} sessions in a throwaway schema`);
  await optional('PostgreSQL bytes per session', async () => {
    results.bytesPerSession.postgres = await postgresBytesPerSession(url, mode.postgresSessions);
  });
}
if (caps.redisUrl && caps.latchkeyRedis && mode.redisSessions > 0) {
  const url = caps.redisUrl;
  log(`Redis: ${mode.redisSessions} sessions under a private key prefix`);
  await optional('Redis bytes per session', async () => {
    results.bytesPerSession.redis = await redisBytesPerSession(url, mode.redisSessions);
  });
}

// GET /api/me with a bearer token beside GET /profile, in process (bench/api-me.bench.ts).
await optional('/api/me beside /profile', async () => {
  if (!mode.apiMe) return;
  log('/api/me beside /profile (vitest bench, in process)');
  // Scratch: the figures land in this run's own results file.
  const file = join(mkdtempSync(join(tmpdir(), 'latchkey-bench-api-me-')), 'api-me.json');
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT_DIR, 'node_modules/vitest/vitest.mjs'),
      'bench',
      '--run',
      'bench/api-me.bench.ts',
      '--outputJson',
      file,
    ],
    { cwd: ROOT_DIR, encoding: 'utf8' },
  );
  if (run.status !== 0)
    throw new Error(`vitest bench exited ${run.status}: ${run.stderr.slice(-500)}`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    files: {
      groups: { benchmarks: { name: string; hz: number; mean: number; p99: number }[] }[];
    }[];
  };
  results.apiMe = json.files.flatMap((entry) =>
    entry.groups.flatMap((group) =>
      group.benchmarks.map(({ name, hz, mean, p99 }) => ({ name, hz, meanMs: mean, p99Ms: p99 })),
    ),
  );
});

results.machine.loadAverageAtEnd = loadavg();
results.durationSeconds = (Date.now() - started) / 1000;
const stamp = results.startedAt.replace(/[:.]/g, '-');
const resultsDir = join(BENCH_DIR, 'results');
mkdirSync(resultsDir, { recursive: true });
const jsonFile = join(
  resultsDir,
  modeName === 'full' ? `full-${stamp}.json` : `${modeName}-latest.json`,
);
writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
// A soak is kept under its date too (the -latest files are not committed): the full run's
// report shows the newest one.
if (modeName === 'soak') {
  writeFileSync(join(resultsDir, `soak-${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
}
const markdown = renderReport(results, jsonFile.slice(ROOT_DIR.length + 1));
const reportFile =
  modeName === 'full'
    ? join(ROOT_DIR, 'docs/benchmarks.md')
    : join(resultsDir, `${modeName}-latest.md`);
writeFileSync(reportFile, markdown);
log(
  `done in ${results.durationSeconds.toFixed(0)} s: ${reportFile.slice(ROOT_DIR.length + 1)}, ${jsonFile.slice(ROOT_DIR.length + 1)}`,
);
process.exit(0);
