/**
 * Soak: the reference app in its own process, held by 500 keep-alive connections for 10 minutes,
 * each sending a request every 1.5 to 3.5 s (pages, static files, a logged-in page, a failed login
 * that soon meets 429). Passes when no request fails or gets a 5xx and the app's memory stays
 * flat: the resident size over the last minute within 20 % of the second minute's.
 * Run: `npx tsx bench/security/soak.ts` (SOAK_SECONDS, SOAK_CONNECTIONS to change the shape).
 * Not part of CI: it takes ten minutes and the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 500);
const EXPECTED = new Set([200, 302, 401, 403, 429]);
const PASSWORD = 'plum velvet orbit cascade 42';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function startApp(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/security/scan-app.ts'], {
    env: { ...process.env, LOG_LEVEL: 'error', SCAN_CLOCK_SPEED: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the app exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve({ child, url: match[1] });
    });
  });
}

function send(
  agent: Agent,
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { agent, method: init.method ?? 'GET', headers: init.headers, timeout: 30_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout on ${path}`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

function cookiesOf(reply: Reply): string {
  const lines = reply.headers['set-cookie'] ?? [];
  return (Array.isArray(lines) ? lines : [lines]).map((line) => line.split(';')[0]).join('; ');
}

function tokenOf(reply: Reply): string {
  return /name="csrf_token" value="([^"]+)"/.exec(reply.body)?.[1] ?? '';
}

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

const { child, url } = await startApp();
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, scheduling: 'fifo' });

// One account, logged in once: its session cookie is the logged-in page's visitor.
const page = await send(agent, url, '/auth/register');
const anonymous = cookiesOf(page);
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anonymous },
  body: new URLSearchParams({ csrf_token: tokenOf(page), ...fields }).toString(),
});
await send(
  agent,
  url,
  '/auth/register',
  form({ email: 'soak@example.com', username: 'soak', password: PASSWORD, password2: PASSWORD }),
);
const login = await send(
  agent,
  url,
  '/auth/login',
  form({ email: 'soak@example.com', password: PASSWORD }),
);
const member = cookiesOf(login);
if (login.status !== 302 || !member.includes('session=')) throw new Error('could not log in');

const MIX: readonly ((agent: Agent) => Promise<Reply>)[] = [
  (a) => send(a, url, '/'),
  (a) => send(a, url, '/auth/login'),
  (a) => send(a, url, '/static/style.css'),
  (a) => send(a, url, '/healthz'),
  (a) => send(a, url, '/', { headers: { cookie: member } }),
  (a) => send(a, url, '/auth/sessions', { headers: { cookie: member } }),
  (a) => send(a, url, '/profile'),
  (a) =>
    send(
      a,
      url,
      '/auth/login',
      form({ email: 'soak@example.com', password: 'not the password at all' }),
    ),
];

let requests = 0;
const failures = new Map<string, number>();
const statuses = new Map<number, number>();
const samples: { at: number; rss: number }[] = [];
const started = Date.now();
const deadline = started + SECONDS * 1000;

const sampler = setInterval(
  () => samples.push({ at: Date.now() - started, rss: rssKiB(child.pid ?? 0) }),
  5_000,
);

async function connection(index: number): Promise<void> {
  let turn = index;
  while (Date.now() < deadline) {
    const pause = 1_500 + Math.floor(Math.random() * 2_000);
    const task = MIX[turn++ % MIX.length];
    if (!task) break;
    try {
      const reply = await task(agent);
      requests += 1;
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      if (!EXPECTED.has(reply.status))
        failures.set(`status ${reply.status}`, (failures.get(`status ${reply.status}`) ?? 0) + 1);
    } catch (error) {
      const key = error instanceof Error ? error.message : String(error);
      failures.set(key, (failures.get(key) ?? 0) + 1);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

console.log(`soak: ${CONNECTIONS} connections for ${SECONDS} s against ${url}`);
const progress = setInterval(() => {
  const last = samples.at(-1);
  console.log(
    `${Math.round((Date.now() - started) / 1000)} s: ${requests} requests, ${[...failures.values()].reduce((a, b) => a + b, 0)} failures, rss ${last ? Math.round(last.rss / 1024) : '?'} MiB`,
  );
}, 60_000);
await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => connection(i)));
clearInterval(sampler);
clearInterval(progress);
agent.destroy();
child.kill('SIGTERM');

const window = (from: number, to: number) => {
  const inside = samples.filter((s) => s.at >= from * 1000 && s.at < to * 1000).map((s) => s.rss);
  return inside.length ? inside.reduce((a, b) => a + b, 0) / inside.length : Number.NaN;
};
const warm = window(Math.min(60, SECONDS / 5), Math.min(120, (2 * SECONDS) / 5));
const end = window(SECONDS - Math.min(60, SECONDS / 5), SECONDS + 1);
const growth = end / warm;
const failed = [...failures.values()].reduce((a, b) => a + b, 0);
console.log(
  `requests ${requests} (${Math.round(requests / SECONDS)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
);
console.log(
  `failures ${failed}${failed ? ` ${JSON.stringify(Object.fromEntries(failures))}` : ''}`,
);
console.log(
  `rss: warm ${Math.round(warm / 1024)} MiB, end ${Math.round(end / 1024)} MiB, growth ×${growth.toFixed(3)}, peak ${Math.round(Math.max(...samples.map((s) => s.rss)) / 1024)} MiB`,
);
const ok = failed === 0 && growth < 1.2;
console.log(ok ? 'PASS' : 'FAIL');
process.exit(ok ? 0 : 1);
