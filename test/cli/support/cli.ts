/**
 * @module The built `latchkey` command run the way a person runs it: as its own process, by its
 * file (the shebang picks node), with a clean environment; at a terminal through `script`.
 */
import { spawn } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildPackageInto, ROOT } from '../../support/build-package.js';

/** How one run ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  /** The environment on top of PATH and HOME; nothing else leaks in from the test process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to standard input, which is then closed (a pipe, never a terminal). */
  readonly input?: string;
  readonly cwd?: string;
}

/** The built command. */
export interface Cli {
  /** Runs `latchkey …args` and waits for it to exit. */
  run(args: readonly string[], options?: RunOptions): Promise<CliRun>;
  /**
   * Runs it on a pseudo-terminal (util-linux `script`); `answer` is called with everything the
   * terminal showed so far and returns the next keystrokes to type, or null to wait for more.
   */
  runAtTerminal(
    args: readonly string[],
    options: RunOptions & { readonly answer?: (screen: string) => string | null },
  ): Promise<CliRun>;
}

/**
 * Builds the package once for the enclosing suite and returns a runner of its `bin` file.
 *
 * @example const cli = useBuiltCli('cli-commands'); const run = await cli.run(['user', 'list']);
 */
export function useBuiltCli(name: string): Cli {
  let bin = '';
  let folder = '';
  beforeAll(() => {
    folder = buildPackageInto(name);
    bin = join(folder, 'node_modules', 'latchkey', 'dist', 'cli', 'main.js');
    // What npm does to a package's bin on install.
    chmodSync(bin, 0o755);
  }, 300_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return {
    run: (args, options = {}) => spawnRun(bin, args, options),
    runAtTerminal: (args, options) => {
      const command = [bin, ...args].map(shellQuote).join(' ');
      return spawnRun('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
        ...options,
        // `script` needs a terminal type; the bar needs columns to draw in.
        env: { TERM: 'xterm', COLUMNS: '100', ...options.env },
      });
    },
  };
}

function spawnRun(
  file: string,
  args: readonly string[],
  options: RunOptions & { readonly answer?: (screen: string) => string | null },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const keys = options.answer?.(stdout);
      if (keys) child.stdin.write(keys);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.answer === undefined) child.stdin.end(options.input ?? '');
  });
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The JSON document a `--json` run printed.
 *
 * @example const page = jsonOf<{ total: number }>(await cli.run(['user', 'list', '--json']));
 */
export function jsonOf<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
}
