/**
 * @module Reading a new password: typed twice at a terminal without echo, or read from standard
 * input for scripts. It never comes from an argument, where `ps` and shell history would keep it.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError, usageError } from './cli-error.js';
import type { CliIo } from './io.js';

/** The longest password input read from standard input; the policy refuses far less anyway. */
const MAX_STDIN_BYTES = 64 * 1024;

/**
 * The new password: all of standard input (one trailing newline dropped) with `fromStdin`,
 * else typed twice at the terminal; a usage error when standard input is not a terminal.
 *
 * @example const password = await readNewPassword(io, { fromStdin: options.passwordStdin });
 */
export async function readNewPassword(
  io: CliIo,
  options: { readonly fromStdin: boolean },
): Promise<string> {
  if (options.fromStdin) return readStdin(io);
  if (!io.stdin.isTTY) {
    throw usageError(
      'Standard input is not a terminal: pass --password-stdin and send the password on standard input.',
    );
  }
  const first = await promptHidden(io, 'New password: ');
  const second = await promptHidden(io, 'Repeat the password: ');
  if (first !== second) throw new CliError('The two passwords do not match.');
  return first;
}

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > MAX_STDIN_BYTES) throw new CliError('The password on standard input is too long.');
    chunks.push(bytes);
  }
  // `echo pw | latchkey …` and a file both end in a newline that is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks one question on stderr and reads the answer with the terminal's echo off. */
function promptHidden(io: CliIo, question: string): Promise<string> {
  let muted = false;
  // readline echoes what is typed to its output: that output drops everything while muted.
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) io.stderr.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input: io.stdin, output, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    reader.on('SIGINT', () => reader.close());
    reader.on('close', () => {
      io.stderr.write('\n');
      if (!answered) reject(new CliError('Cancelled: no password was given.'));
    });
    reader.question(question, (answer) => {
      answered = true;
      reader.close();
      resolve(answer);
    });
    // The question has been written by now; from here on nothing typed is shown.
    muted = true;
  });
}
