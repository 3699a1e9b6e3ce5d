/**
 * How long `latchkey import flask` takes for 100 000 users, run as an operator runs it (its own
 * process, SQLite and, when TEST_POSTGRES_URL is set, PostgreSQL), beside a baseline measured in the
 * same run: the same rows written by one bare prepared INSERT loop in a single transaction, the
 * floor of what the database can do. The hashes are real werkzeug pbkdf2 strings at one iteration:
 * the import never computes them, so their cost does not matter.
 *
 * It builds the package first and runs the built `latchkey` file, as `npx latchkey` would.
 *
 * Run: `npx tsx bench/import-flask-100k.ts` (or `ROWS=20000 npx tsx bench/import-flask-100k.ts`).
 */
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { buildPackageInto } from '../test/support/build-package.js';

const ROWS = Number(process.env.ROWS ?? 100_000);
const TARGET_SECONDS = 60;
// Linux's USER_HZ, in which /proc reports CPU times.
const CLOCK_TICKS = 100;
const root = join(import.meta.dirname, '..');
const folder = mkdtempSync(join(tmpdir(), 'latchkey-import-bench-'));
// The command as `npx latchkey` runs it: the built file, not TypeScript compiled on the fly.
const build = buildPackageInto('bench-cli');
const bin = join(build, 'node_modules', 'latchkey', 'dist', 'cli', 'main.js');

function werkzeugHash(password: string): string {
  const salt = randomBytes(12).toString('base64url').slice(0, 16);
  return `pbkdf2:sha256:1$${salt}$${pbkdf2Sync(password, salt, 1, 32, 'sha256').toString('hex')}`;
}

interface Row {
  id: number;
  email: string;
  username: string;
  hash: string;
}

function makeRows(): Row[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    id: i + 1,
    email: `user${i}@example.com`,
    username: `user_${i}`,
    hash: werkzeugHash(`password ${i}`),
  }));
}

function writeFlasky(path: string, rows: readonly Row[]): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(64), username VARCHAR(64),
    role_id INTEGER, password_hash VARCHAR(128), confirmed BOOLEAN, PRIMARY KEY (id));
    CREATE UNIQUE INDEX ix_users_email ON users (email);
    CREATE UNIQUE INDEX ix_users_username ON users (username);`);
  const insert = db.prepare('INSERT INTO users VALUES (?, ?, ?, 1, ?, 1)');
  db.transaction(() => {
    for (const row of rows) insert.run(row.id, row.email, row.username, row.hash);
  })();
  db.close();
}

/** CPU seconds (user + system) of every child process waited for so far, from /proc (Linux). */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name in parentheses; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/** Runs the command line as its own process; returns its wall time and CPU time in seconds. */
function latchkey(args: string[], env: Record<string, string>): Timing {
  const started = performance.now();
  const cpuBefore = childrenCpuSeconds();
  const result = spawnSync('node', [bin, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
  });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`latchkey ${args.join(' ')} failed: ${result.stderr}`);
  return { wall, cpu: childrenCpuSeconds() - cpuBefore };
}

/** Wall-clock and CPU seconds of one measured step. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function timed(work: () => void): Timing {
  const started = performance.now();
  const cpu = process.cpuUsage();
  work();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** A random account id, as the import makes them (random ids land all over the primary key). */
function randomId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The floor: the same rows (random ids, both tables the import writes) into a migrated SQLite
 * database, one prepared INSERT each in one transaction, with the import's page cache.
 */
function sqliteBaseline(path: string, rows: readonly Row[]): Timing {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  const user = db.prepare(
    'INSERT INTO users (id, email, username, username_key, password_hash, confirmed, disabled, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, 1, 0, 1, 1)',
  );
  const legacy = db.prepare(
    'INSERT INTO legacy_ids (legacy_id, account_id, imported_at) VALUES (?, ?, 1)',
  );
  const ids = rows.map(randomId);
  const timing = timed(() => {
    db.transaction(() => {
      rows.forEach((row, i) => {
        user.run(ids[i], row.email, row.username, row.username, row.hash);
        legacy.run(String(row.id), ids[i]);
      });
    })();
  });
  db.close();
  return timing;
}

function report(label: string, run: Timing, baseline: Timing): void {
  const verdict = run.wall < TARGET_SECONDS ? 'under' : 'OVER';
  console.log(
    `${label}: import ${run.wall.toFixed(1)} s wall, ${run.cpu.toFixed(1)} s CPU ` +
      `(${Math.round(ROWS / run.wall)} rows/s); baseline ${baseline.wall.toFixed(2)} s wall` +
      (Number.isNaN(baseline.cpu)
        ? ''
        : `, ${baseline.cpu.toFixed(2)} s CPU; ratio ${(run.cpu / baseline.cpu).toFixed(1)}× in CPU`) +
      `; ${(run.wall / baseline.wall).toFixed(1)}× in wall time; ${verdict} the ${TARGET_SECONDS} s target`,
  );
}

const rows = makeRows();
const source = join(folder, 'flasky.sqlite');
writeFlasky(source, rows);
console.log(`${ROWS} Flasky users written to ${source}`);

try {
  const target = join(folder, 'app.db');
  const env = { DATABASE_URL: `sqlite:${target}` };
  latchkey(['db', 'migrate'], env);
  const imported = latchkey(['import', 'flask', source], env);
  const baselineTarget = join(folder, 'baseline.db');
  latchkey(['db', 'migrate'], { DATABASE_URL: `sqlite:${baselineTarget}` });
  report('SQLite', imported, sqliteBaseline(baselineTarget, rows));
  const again = latchkey(['import', 'flask', source], env);
  console.log(
    `SQLite, second run (nothing to write): ${again.wall.toFixed(1)} s wall, ${again.cpu.toFixed(1)} s CPU`,
  );
  const startup = latchkey(['--version'], env);
  console.log(
    `Starting the command alone (--version): ${startup.wall.toFixed(1)} s wall, ${startup.cpu.toFixed(1)} s CPU`,
  );

  const url = process.env.TEST_POSTGRES_URL;
  if (url) await postgres(url);
  else console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL to measure it too)');
} finally {
  rmSync(folder, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
}

async function postgres(url: string): Promise<void> {
  const schema = `import_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    const env = { DATABASE_URL: scoped.href };
    latchkey(['db', 'migrate'], env);
    const imported = latchkey(['import', 'flask', source], env);
    // Baseline: the same rows (random ids, both tables) by one multi-row INSERT per 1000 rows and
    // table, in one transaction, into copies of the two tables.
    await admin.query(`create table ${schema}.base_users (like ${schema}.users including all)`);
    await admin.query(
      `create table ${schema}.base_legacy (like ${schema}.legacy_ids including all)`,
    );
    const ids = rows.map(randomId);
    const started = performance.now();
    await admin.query('begin');
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      const users = chunk.map(
        (_, i) =>
          `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 3}, $${i * 4 + 4}, 1, 0, 1, 1)`,
      );
      await admin.query(
        `insert into ${schema}.base_users (id, email, username, username_key, password_hash, confirmed, disabled, created_at, password_changed_at) values ${users.join(', ')}`,
        chunk.flatMap((row, i) => [ids[start + i], row.email, row.username, row.hash]),
      );
      const legacy = chunk.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2}, 1)`);
      await admin.query(
        `insert into ${schema}.base_legacy (legacy_id, account_id, imported_at) values ${legacy.join(', ')}`,
        chunk.flatMap((row, i) => [String(row.id), ids[start + i]]),
      );
    }
    await admin.query('commit');
    report('PostgreSQL', imported, {
      wall: (performance.now() - started) / 1000,
      // The server does most of this work, and its CPU is counted for neither side.
      cpu: Number.NaN,
    });
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
