/**
 * @module Starting an app on a free loopback port, waiting until it answers, reading its
 * RSS, and stopping it (SIGTERM, so a `--cpu-prof` run writes its profile).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Stack } from './stacks.js';

/** A started app. */
export interface RunningApp {
  readonly stack: Stack;
  readonly port: number;
  readonly base: string;
  readonly pid: number;
  /** The app's `ready` line (seeding figures, when it seeded). */
  readonly ready: Record<string, unknown>;
  /** Resident memory of the app's process (and its children, for gunicorn), in bytes. */
  rss(): number;
  /** CPU time the app's processes have used so far (user + system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** A port the OS just handed out and released. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

// Linux reports CPU times in clock ticks, 100 a second on every common build.
const TICKS_PER_SECOND = 100;

function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function waitUntilAnswering(base: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/hello`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`did not answer within ${timeoutMs} ms`);
}

/**
 * Starts one stack's app and resolves once `GET /hello` answers 200.
 *
 * @example const app = await startApp(stack, { BENCH_SEED_SESSIONS: '1000' });
 */
export async function startApp(
  stack: Stack,
  extraEnv: Record<string, string> = {},
  options: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<RunningApp> {
  const port = await freePort();
  const { file, args, env } = stack.command(port);
  const finalArgs = file === process.execPath ? [...(options.nodeArgs ?? []), ...args] : args;
  const child = spawn(file, finalArgs, {
    env: { ...process.env, NODE_ENV: 'production', ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ready: Record<string, unknown> = {};
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    for (const line of chunk.split('\n')) {
      if (!line.startsWith('{"event":"ready"')) continue;
      try {
        ready = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // A partial line; the next chunk completes it only in theory: ready lines are short.
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(base, child, options.timeoutMs ?? 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${stack.id}: ${(error as Error).message}\n${output.slice(-2000)}`);
  }
  const pid = child.pid ?? 0;
  return {
    stack,
    port,
    base,
    pid,
    get ready() {
      return ready;
    },
    rss: () => [pid, ...childrenOf(pid)].reduce((sum, id) => sum + rssOf(id), 0),
    cpuMs: () => [pid, ...childrenOf(pid)].reduce((sum, id) => sum + cpuMsOf(id), 0),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
