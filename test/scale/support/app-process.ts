/**
 * @module The reference app as a real operating-system process (`tsx app/main.ts`), on its own
 * port chosen by the OS: started, waited for until it listens, stopped with a signal or killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 60_000;
/** One key for every process of a run, well over the 32 characters production asks for. */
const SECRET_KEY = 'multi-process-test-secret-key-0123456789abcdefghij';

/** Options of {@link startAppProcess}. */
export interface AppProcessOptions {
  /** Variables on top of the test defaults (DATABASE_URL and SMTP_URL at least). */
  readonly env: Readonly<Record<string, string>>;
  /** Command-line arguments after `app/main.ts` (e.g. `--workers 2`). */
  readonly args?: readonly string[];
  /** For a cluster: wait until the primary says this many workers listen. */
  readonly workers?: number;
}

/** A running app process. */
export interface AppProcess {
  readonly url: string;
  readonly pid: number;
  /** Every line it printed (pino JSON on stdout, anything else on stderr). */
  readonly output: readonly string[];
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Sends a signal (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `tsx app/main.ts` on 127.0.0.1 port 0 and resolves once it logs that it listens.
 *
 * @example const a = await startAppProcess({ env: { DATABASE_URL, SMTP_URL } });
 */
export function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'app/main.ts', ...(options.args ?? [])],
    {
      cwd: ROOT,
      // A clean environment: nothing from the runner (WEB_CONCURRENCY, CI's variables) leaks in.
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        SECRET_KEY,
        MAIL_FROM: 'no-reply@latchkey.test',
        LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the app did not start in time:\n${output.slice(-20).join('\n')}`));
    }, START_TIMEOUT_MS);
    const ready = (url: string) => {
      clearTimeout(timer);
      resolve(running(child, url, output, exited));
    };
    collect(child, output, (line) => {
      const record = parseLine(line);
      if (record?.msg !== 'listening' || typeof record.url !== 'string') return;
      if (options.workers !== undefined && record.workers !== options.workers) return;
      ready(record.url);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${code}) before listening:\n${output.join('\n')}`));
    });
  });
}

function running(
  child: ChildProcess,
  url: string,
  output: string[],
  exited: Promise<number | null>,
): AppProcess {
  return {
    url,
    pid: child.pid as number,
    output,
    exited,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function collect(child: ChildProcess, output: string[], onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        onLine(line);
      }
    });
  }
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
