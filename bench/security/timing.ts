/**
 * Timing side channels, measured: through the real app (its default argon2id hasher, SQLite),
 * a failed login for an unknown email, a wrong password and a disabled account; a registration
 * of a new and of a taken address; a reset request for a known and an unknown address. Samples
 * are interleaved in random order, throttle windows are skipped with the app's clock between
 * rounds, and each case's median is compared with its group's first case: every ratio must lie
 * within 10 %. Run: `npx tsx bench/security/timing.ts` (TIMING_SAMPLES, default 60 per case;
 * TIMING_GROUPS, a comma-separated subset such as `reset request`, default all).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { startApp } from '../../app/server.js';
import { createTestClock } from '../../src/testing/index.js';

const SAMPLES = Number(process.env.TIMING_SAMPLES ?? 60);
const TOLERANCE = 0.1;
const PASSWORD = 'plum velvet orbit cascade 42';
const HOUR = 3_600_000;

const dir = mkdtempSync(join(tmpdir(), 'latchkey-timing-'));
const clock = createTestClock(Date.now());
const app = await startApp({
  env: {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
    SECRET_KEY: 'timing-bench-secret-key-0123456789abcdefghijklmnop',
    LOG_LEVEL: 'silent',
  },
  clock: clock.now,
  logger: pino({ level: 'silent' }),
});

// One anonymous visitor: its CSRF cookie and token serve every POST below.
const page = await app.app.request('/auth/login');
const cookie = page.headers
  .getSetCookie()
  .map((line) => line.split(';')[0])
  .join('; ');
const csrf = /name="csrf_token" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';

async function post(path: string, fields: Record<string, string>): Promise<number> {
  const reply = await app.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrf_token: csrf, ...fields }).toString(),
  });
  await reply.arrayBuffer();
  return reply.status;
}

const registration = (email: string, username: string) => ({
  email,
  username,
  password: PASSWORD,
  password2: PASSWORD,
});
for (const [email, username] of [
  ['alice@example.com', 'alice'],
  ['carol@example.com', 'carol'],
] as const) {
  if ((await post('/auth/register', registration(email, username))) !== 302) {
    throw new Error(`could not register ${email}`);
  }
}
const db = new Database(join(dir, 'app.db'));
db.prepare('UPDATE users SET disabled = 1 WHERE email = ?').run('carol@example.com');
db.close();

let fresh = 0;
interface Case {
  readonly name: string;
  readonly expected: number;
  run(): Promise<number>;
}
const allGroups: Record<string, readonly Case[]> = {
  'failed login': [
    {
      name: 'wrong password',
      expected: 401,
      run: () => post('/auth/login', { email: 'alice@example.com', password: `${PASSWORD}!` }),
    },
    {
      name: 'unknown email',
      expected: 401,
      run: () => post('/auth/login', { email: `nobody${fresh++}@example.com`, password: PASSWORD }),
    },
    {
      name: 'disabled account',
      expected: 401,
      run: () => post('/auth/login', { email: 'carol@example.com', password: PASSWORD }),
    },
  ],
  registration: [
    {
      name: 'new address',
      expected: 302,
      run: () => post('/auth/register', registration(`new${fresh}@example.com`, `new${fresh++}`)),
    },
    {
      name: 'taken address',
      expected: 302,
      run: () => post('/auth/register', registration('alice@example.com', `other${fresh++}`)),
    },
  ],
  'reset request': [
    {
      name: 'known address',
      expected: 302,
      run: () => post('/auth/reset', { email: 'alice@example.com' }),
    },
    {
      name: 'unknown address',
      expected: 302,
      run: () => post('/auth/reset', { email: `nobody${fresh++}@example.com` }),
    },
  ],
};

const only = (process.env.TIMING_GROUPS ?? '').split(',').map((name) => name.trim());
const groups = Object.fromEntries(
  Object.entries(allGroups).filter(([name]) => only[0] === '' || only.includes(name)),
);
if (Object.keys(groups).length === 0) throw new Error('no group named in TIMING_GROUPS');

const times = new Map<string, number[]>();
const all = Object.values(groups).flat();
// Warm-up: the first hashes and queries pay for JIT and caches.
for (const item of all) await item.run();
for (let round = 0; round < SAMPLES; round++) {
  // Past every throttle window (failures, reset mails), so each case does its full work.
  clock.advance(2 * HOUR);
  const order = [...all].sort(() => Math.random() - 0.5);
  for (const item of order) {
    const started = process.hrtime.bigint();
    const status = await item.run();
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (status !== item.expected) throw new Error(`${item.name} answered ${status}`);
    times.set(item.name, [...(times.get(item.name) ?? []), elapsed]);
  }
}
await app.close();
rmSync(dir, { recursive: true, force: true });

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

let ok = true;
console.log(`timing: ${SAMPLES} samples per case, medians in ms, ratio to the group's first case`);
for (const [group, cases] of Object.entries(groups)) {
  const base = median(times.get(cases[0]?.name ?? '') ?? []);
  for (const item of cases) {
    const m = median(times.get(item.name) ?? []);
    const ratio = m / base;
    const within = Math.abs(ratio - 1) <= TOLERANCE;
    ok &&= within;
    console.log(
      `${group.padEnd(14)} ${item.name.padEnd(17)} ${m.toFixed(2).padStart(8)} ms  ×${ratio.toFixed(3)} ${within ? 'ok' : 'OUT OF RANGE'}`,
    );
  }
}
console.log(ok ? 'PASS' : 'FAIL');
process.exit(ok ? 0 : 1);
