/** @module The two run modes and the shape of a run's raw results (the JSON under bench/results/). */
import type { HashRun } from './hash-bound.js';
import type { LoadResult } from './load.js';
import type { Rounds, SoakRun, StormRun } from './measures.js';
import type { Capabilities, Family, Framework, HashKind, Stack } from './stacks.js';

/** How much of everything a mode runs. */
export interface Mode {
  readonly stacks: (stack: Stack) => boolean;
  readonly hashSamples: number;
  readonly warmUpSeconds: number;
  readonly profile: Rounds;
  readonly logins: Rounds;
  readonly loginStacks: readonly string[];
  readonly storm: Rounds;
  readonly stormStacks: readonly string[];
  readonly sessions: Rounds & {
    readonly small: number;
    readonly large: number;
    readonly sample: number;
    /** Also load with the caches off (a store read per request). */
    readonly cacheOff: boolean;
  };
  readonly memorySessions: number;
  readonly postgresSessions: number;
  readonly redisSessions: number;
  readonly soak: { readonly stack: string; readonly seconds: number; readonly connections: number };
  /** Run bench/api-me.bench.ts (`/api/me` by bearer token beside `/profile`, in process). */
  readonly apiMe?: boolean;
}

export type ModeName = 'full' | 'quick' | 'soak';

const PEERS = ['passport-memory', 'better-auth', 'flask-login', 'flask-login-sqlalchemy'];

export const MODES: Record<ModeName, Mode> = {
  full: {
    stacks: () => true,
    hashSamples: 15,
    warmUpSeconds: 2,
    profile: { rounds: 3, seconds: 7 },
    logins: { rounds: 3, seconds: 5 },
    loginStacks: [
      'floor-hono',
      'latchkey-hono-memory',
      'latchkey-hono-sqlite',
      'latchkey-express-sqlite',
      'latchkey-fastify-sqlite',
      ...PEERS,
    ],
    storm: { rounds: 3, seconds: 6 },
    stormStacks: [
      'floor-hono',
      'latchkey-hono-sqlite',
      'latchkey-express-memory',
      'passport-memory',
      'better-auth',
      'flask-login',
      'flask-login-sqlalchemy',
    ],
    sessions: {
      rounds: 3,
      seconds: 6,
      small: 1000,
      large: 1_000_000,
      sample: 1000,
      cacheOff: true,
    },
    memorySessions: 200_000,
    postgresSessions: 100_000,
    redisSessions: 20_000,
    // A short look only: the 10-minute soak is `npm run bench:soak`, shown beside it.
    soak: { stack: 'latchkey-hono-sqlite', seconds: 30, connections: 500 },
    apiMe: true,
  },
  soak: {
    stacks: (stack) => stack.id === 'latchkey-hono-sqlite',
    hashSamples: 3,
    warmUpSeconds: 2,
    profile: { rounds: 0, seconds: 0 },
    logins: { rounds: 0, seconds: 0 },
    loginStacks: [],
    storm: { rounds: 0, seconds: 0 },
    stormStacks: [],
    sessions: { rounds: 0, seconds: 0, small: 0, large: 0, sample: 0, cacheOff: false },
    memorySessions: 0,
    postgresSessions: 0,
    redisSessions: 0,
    soak: { stack: 'latchkey-hono-sqlite', seconds: 600, connections: 500 },
  },
  quick: {
    stacks: (stack) =>
      ['floor-hono', 'latchkey-hono-memory', 'latchkey-hono-sqlite', 'passport-memory'].includes(
        stack.id,
      ),
    hashSamples: 3,
    warmUpSeconds: 1,
    profile: { rounds: 1, seconds: 3 },
    logins: { rounds: 1, seconds: 2 },
    loginStacks: ['latchkey-hono-sqlite'],
    storm: { rounds: 1, seconds: 3 },
    stormStacks: ['latchkey-hono-sqlite', 'passport-memory'],
    sessions: { rounds: 1, seconds: 2, small: 1000, large: 10_000, sample: 1000, cacheOff: false },
    memorySessions: 20_000,
    postgresSessions: 0,
    redisSessions: 0,
    soak: { stack: 'latchkey-hono-sqlite', seconds: 0, connections: 500 },
  },
};

/** Everything one run measured. */
export interface BenchResults {
  mode: ModeName;
  startedAt: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    kernel: string;
    node: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  tool: string;
  commit: string;
  versions: Record<string, string>;
  python: { gunicorn: string; flaskLogin: string; flaskSqlalchemy?: string };
  config: Mode;
  capabilities: Omit<Capabilities, 'postgresUrl' | 'redisUrl'> & {
    postgresUrl: string | null;
    redisUrl: string | null;
  };
  stacks: {
    id: string;
    label: string;
    family: Family;
    framework: Framework;
    store: string;
    hash: HashKind;
  }[];
  contract: Record<string, { problems: string[]; profileBytes: number }>;
  hashMs: Record<string, number | null>;
  profile: Record<string, LoadResult[]>;
  logins: Record<string, LoadResult[]>;
  /** The logins' bound: bursts of `cores` raw password checks at once, per hash, per round. */
  hashRate?: Record<string, HashRun[]>;
  storm: Record<string, StormRun[]>;
  sessions: {
    small: number;
    large: number;
    sample: number;
    loads: Record<string, LoadResult[]>;
    rss: Record<string, number>;
  } | null;
  memory: { sessions: number; rssPer100k: number; heapBytesPerSession: number } | null;
  bytesPerSession: Record<string, number>;
  soak: SoakRun | null;
  /** bench/api-me.bench.ts: each route's in-process rate (no HTTP), null when not run. */
  apiMe?: { name: string; hz: number; meanMs: number; p99Ms: number }[] | null;
  /** Measures that failed (the rest of the run still counts). */
  failures: string[];
  durationSeconds: number;
}
