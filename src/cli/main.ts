#!/usr/bin/env node
/** @module `latchkey`: runs one command and exits 0 (done), 1 (it failed) or 2 (it was asked wrongly). */
import { CommanderError } from 'commander';
import { CliError, type ExitCode } from './cli-error.js';
import { describeError } from './describe-error.js';
import { processIo } from './io.js';
import { buildProgram, refuseDashedIds } from './program.js';

const io = processIo();
process.exitCode = await run(process.argv);

async function run(argv: readonly string[]): Promise<ExitCode> {
  try {
    const program = buildProgram(io);
    refuseDashedIds(program, argv);
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and the version asked for are successes; help shown for a wrong command line is not.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.stderr.write(`latchkey: ${describeError(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
