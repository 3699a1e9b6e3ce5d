/** @module What a command reads and writes: the environment, the standard streams and the clock. */

/** The process around a command, passed in so that nothing reaches for globals. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly now: () => number;
}

/**
 * The real process's streams, environment and clock.
 *
 * @example const io = processIo(); io.stdout.write('done\n');
 */
export function processIo(): CliIo {
  return {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    now: Date.now,
  };
}

/**
 * Writes one line to standard output.
 *
 * @example say(io, 'Imported 3 users.');
 */
export function say(io: CliIo, line: string): void {
  io.stdout.write(`${line}\n`);
}

/**
 * Writes a value as JSON (one document, two-space indented) to standard output.
 *
 * @example printJson(io, { imported: 3 });
 */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
