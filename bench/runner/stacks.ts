/**
 * @module The stacks under test: how to start each app, which framework floor it is measured
 * against, and which password hash bounds its logins. Optional stacks (PostgreSQL, Redis,
 * Flask-Login) join only when what they need is here.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT_DIR = dirname(BENCH_DIR);

export type Family = 'floor' | 'latchkey' | 'peer';
export type Framework = 'hono' | 'express' | 'fastify' | 'flask';
/** The password hash each stack's login runs. */
export type HashKind = 'argon2id' | 'bcrypt' | 'scrypt' | 'pbkdf2';

/** One app to start and load. */
export interface Stack {
  readonly id: string;
  readonly label: string;
  readonly family: Family;
  readonly framework: Framework;
  /** Where its sessions live. */
  readonly store: string;
  readonly hash: HashKind;
  /** The command line and environment, given the port. */
  command(port: number): { file: string; args: string[]; env: Record<string, string> };
}

/** What this machine offers the optional stacks. */
export interface Capabilities {
  readonly postgresUrl: string | null;
  readonly redisUrl: string | null;
  /** Latchkey's Redis stores exist on this branch. */
  readonly latchkeyRedis: boolean;
  readonly gunicorn: string | null;
  /** Debian's python3-flask-sqlalchemy is installed beside Flask-Login. */
  readonly flaskSqlalchemy: boolean;
  readonly wrk: string | null;
}

function which(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

function pythonHas(module: string): boolean {
  try {
    // gunicorn runs Debian's python3, so ask that one.
    execFileSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Reads what the optional stacks need from the environment and the machine. */
export function detectCapabilities(): Capabilities {
  const env = process.env;
  const gunicorn = which('gunicorn');
  return {
    postgresUrl: env.BENCH_POSTGRES_URL || env.TEST_POSTGRES_URL || null,
    redisUrl: env.BENCH_REDIS_URL || env.TEST_REDIS_URL || null,
    latchkeyRedis: existsSync(join(ROOT_DIR, 'src/stores/redis/index.ts')),
    gunicorn: gunicorn && pythonHas('flask_login') ? gunicorn : null,
    flaskSqlalchemy: pythonHas('flask_sqlalchemy'),
    wrk: env.BENCH_TOOL === 'autocannon' ? null : which('wrk'),
  };
}

/** Where `buildApps` writes the compiled apps and sources. */
export const BUILD_DIR = join(BENCH_DIR, '.build');

let buildDir = BUILD_DIR;
// Compiled JavaScript, as users run it: no TypeScript loader on the hot path.
function nodeApp(file: string, env: Record<string, string> = {}) {
  const dir = buildDir;
  return (port: number) => ({
    file: process.execPath,
    args: ['--expose-gc', join(dir, 'bench/apps', file.replace(/\.ts$/, '.js'))],
    env: { PORT: String(port), ...env },
  });
}

// Shared by both gunicorn workers (see gunicornApp).
const FLASK_SECRET = randomBytes(32).toString('hex');
const FRAMEWORKS = ['hono', 'express', 'fastify'] as const;
const NAME = { hono: 'Hono', express: 'Express', fastify: 'Fastify', flask: 'Flask' } as const;

/** Every stack this machine can run, floors first. */
export function allStacks(caps: Capabilities, build: string = BUILD_DIR): Stack[] {
  buildDir = build;
  const stacks: Stack[] = [];
  for (const framework of FRAMEWORKS) {
    stacks.push({
      id: `floor-${framework}`,
      label: `${NAME[framework]} floor (HMAC cookie)`,
      family: 'floor',
      framework,
      store: 'signed cookie',
      hash: 'argon2id',
      command: nodeApp(`floor-${framework}.ts`),
    });
  }
  stacks.push({
    id: 'floor-hono-middleware',
    label: 'Hono floor as two middlewares (HMAC cookie)',
    family: 'floor',
    framework: 'hono',
    store: 'signed cookie',
    hash: 'argon2id',
    command: nodeApp('floor-hono.ts', { BENCH_FLOOR_MIDDLEWARE: '1' }),
  });
  stacks.push({
    id: 'floor-express-middleware',
    label: 'Express floor as two middlewares (HMAC cookie)',
    family: 'floor',
    framework: 'express',
    store: 'signed cookie',
    hash: 'argon2id',
    command: nodeApp('floor-express.ts', { BENCH_FLOOR_MIDDLEWARE: '1' }),
  });
  const stores: { store: string; env: Record<string, string> }[] = [
    { store: 'memory', env: { BENCH_STORE: 'memory' } },
    { store: 'sqlite', env: { BENCH_STORE: 'sqlite' } },
  ];
  if (caps.postgresUrl) {
    stores.push({
      store: 'postgres',
      env: { BENCH_STORE: 'postgres', BENCH_POSTGRES_URL: caps.postgresUrl },
    });
  }
  if (caps.redisUrl && caps.latchkeyRedis) {
    stores.push({ store: 'redis', env: { BENCH_STORE: 'redis', BENCH_REDIS_URL: caps.redisUrl } });
  }
  for (const { store, env } of stores) {
    for (const framework of FRAMEWORKS) {
      stacks.push({
        id: `latchkey-${framework}-${store}`,
        label: `Latchkey on ${NAME[framework]} (${store})`,
        family: 'latchkey',
        framework,
        store,
        hash: 'argon2id',
        command: nodeApp(`latchkey-${framework}.ts`, env),
      });
    }
  }
  stacks.push({
    id: 'passport-memory',
    label: 'Passport + express-session (MemoryStore)',
    family: 'peer',
    framework: 'express',
    store: 'memory',
    hash: 'bcrypt',
    command: nodeApp('passport-express.ts'),
  });
  if (caps.redisUrl) {
    stacks.push({
      id: 'passport-redis',
      label: 'Passport + express-session (connect-redis)',
      family: 'peer',
      framework: 'express',
      store: 'redis',
      hash: 'bcrypt',
      command: nodeApp('passport-express.ts', {
        BENCH_STORE: 'redis',
        BENCH_REDIS_URL: caps.redisUrl,
      }),
    });
  }
  stacks.push(
    {
      id: 'better-auth',
      label: 'better-auth on Hono (better-sqlite3)',
      family: 'peer',
      framework: 'hono',
      store: 'sqlite',
      hash: 'scrypt',
      command: nodeApp('better-auth-hono.ts'),
    },
    {
      id: 'better-auth-cookie-cache',
      label: 'better-auth on Hono (better-sqlite3, cookie cache)',
      family: 'peer',
      framework: 'hono',
      store: 'sqlite',
      hash: 'scrypt',
      command: nodeApp('better-auth-hono.ts', { BENCH_COOKIE_CACHE: '1' }),
    },
  );
  const gunicorn = caps.gunicorn;
  // Two workers sharing FLASK_SECRET, so a cookie signed by one verifies in the other.
  const gunicornApp =
    (file: string, module: string, extraArgs: string[], env: () => Record<string, string>) =>
    (port: number) => ({
      file,
      args: [
        '--workers',
        '2',
        ...extraArgs,
        '--bind',
        `127.0.0.1:${port}`,
        '--chdir',
        join(BENCH_DIR, 'apps'),
        `${module}:app`,
      ],
      env: { FLASK_SECRET, ...env() },
    });
  if (gunicorn) {
    stacks.push({
      id: 'flask-login',
      label: 'Flask-Login (gunicorn, 2 workers)',
      family: 'peer',
      framework: 'flask',
      store: 'signed cookie',
      hash: 'pbkdf2',
      command: gunicornApp(gunicorn, 'flask_login_app', [], () => ({})),
    });
  }
  if (gunicorn && caps.flaskSqlalchemy) {
    stacks.push({
      id: 'flask-login-sqlalchemy',
      label: 'Flask-Login + Flask-SQLAlchemy (gunicorn, 2 workers, SQLite)',
      family: 'peer',
      framework: 'flask',
      store: 'sqlite',
      hash: 'pbkdf2',
      // --preload: seeded once, before the fork, so the two workers never race to create the table.
      command: gunicornApp(gunicorn, 'flask_sqlalchemy_app', ['--preload'], () => ({
        FLASK_DATABASE: join(mkdtempSync(join(tmpdir(), 'latchkey-bench-flask-')), 'app.db'),
      })),
    });
  }
  return stacks;
}
