/**
 * How long `latchkey import flask` takes for 100 000 users, run as an operator runs it (its own
 * process, SQLite and, when TEST_POSTGRES_URL is set, PostgreSQL), beside a baseline measured in the
 * same run: the same rows written by one bare prepared INSERT loop in a single transaction, the
 * floor of what the database can do. The hashes are real werkzeug pbkdf2 strings at one iteration:
 * the import never computes them, so their cost does not matter.
 *
 * Run: `npx tsx bench/import-flask-100k.ts` (or `ROWS=20000 npx tsx bench/import-flask-100k.ts`).
 */
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

const ROWS = Number(process.env.ROWS ?? 100_000);
const TARGET_SECONDS = 60;
const root = join(import.meta.dirname, '..');
const folder = mkdtempSync(join(tmpdir(), 'latchkey-import-bench-'));

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

/** Runs the command line as its own process; returns the wall time in seconds. */
function latchkey(args: string[], env: Record<string, string>): number {
  const started = performance.now();
  const result = spawnSync('node', ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`latchkey ${args.join(' ')} failed: ${result.stderr}`);
  return seconds;
}

/** The floor: the same rows into a migrated SQLite users table, one prepared INSERT in one transaction. */
function sqliteBaseline(path: string, rows: readonly Row[]): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(
    'INSERT INTO users (id, email, username, username_key, password_hash, confirmed, disabled, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?)',
  );
  const started = performance.now();
  db.transaction(() => {
    for (const row of rows) {
      insert.run(`b${row.id}`, row.email, row.username, row.username, row.hash, 1, 1);
    }
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

function report(label: string, importSeconds: number, baselineSeconds: number): void {
  const ratio = importSeconds / baselineSeconds;
  const verdict = importSeconds < TARGET_SECONDS ? 'under' : 'OVER';
  console.log(
    `${label}: import ${importSeconds.toFixed(1)} s (${Math.round(ROWS / importSeconds)} rows/s), ` +
      `baseline ${baselineSeconds.toFixed(2)} s, ratio ${ratio.toFixed(1)}×; ${verdict} the ${TARGET_SECONDS} s target`,
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
  const importSeconds = latchkey(['import', 'flask', source], env);
  const baselineTarget = join(folder, 'baseline.db');
  latchkey(['db', 'migrate'], { DATABASE_URL: `sqlite:${baselineTarget}` });
  report('SQLite', importSeconds, sqliteBaseline(baselineTarget, rows));
  const again = latchkey(['import', 'flask', source], env);
  console.log(`SQLite, second run (nothing to write): ${again.toFixed(1)} s`);

  const url = process.env.TEST_POSTGRES_URL;
  if (url) await postgres(url);
  else console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL to measure it too)');
} finally {
  rmSync(folder, { recursive: true, force: true });
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
    const importSeconds = latchkey(['import', 'flask', source], env);
    // Baseline: the same rows copied by one multi-row INSERT per 1000 rows in one transaction.
    await admin.query(`create table ${schema}.baseline (like ${schema}.users including all)`);
    const started = performance.now();
    await admin.query('begin');
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      const values = chunk.map(
        (_, i) =>
          `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 3}, $${i * 4 + 4}, 1, 0, 1, 1)`,
      );
      await admin.query(
        `insert into ${schema}.baseline (id, email, username, username_key, password_hash, confirmed, disabled, created_at, password_changed_at) values ${values.join(', ')}`,
        chunk.flatMap((row) => [`b${row.id}`, row.email, row.username, row.hash]),
      );
    }
    await admin.query('commit');
    report('PostgreSQL', importSeconds, (performance.now() - started) / 1000);
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
