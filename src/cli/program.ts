/** @module The `latchkey` command tree: every command, its help, and how its errors are shown. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { usageError } from './cli-error.js';
import { addDbCommands } from './commands/db.js';
import { addImportCommands } from './commands/import.js';
import { addPruneCommand } from './commands/prune.js';
import { addSessionCommands } from './commands/sessions.js';
import { addUserCommands } from './commands/user.js';
import type { CliIo } from './io.js';

/**
 * Builds the program. Commander's own errors (an unknown option, a missing argument) are thrown
 * rather than exiting, so the caller maps them to exit code 2.
 *
 * @example await buildProgram(io).parseAsync(process.argv);
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command('latchkey')
    .description(
      'Latchkey administration: works on the database at DATABASE_URL (sqlite:PATH or postgres://…, default sqlite:./data/app.db); the app need not run.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .addHelpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One line, the way every other error is shown.
      outputError: (text, write) => write(`latchkey: ${text.replace(/^error: /, '').trim()}\n`),
    });
  addDbCommands(program, io);
  addUserCommands(program, io);
  addSessionCommands(program, io);
  addPruneCommand(program, io);
  addImportCommands(program, io);
  return program;
}

/** An account id has 22 base64url characters; ids from earlier versions could start with `-`. */
const ID_SHAPED = /^-[A-Za-z0-9_-]{21}$/;

/**
 * Refuses, before commander reads it, an account id starting with `-` placed before `--`, with
 * a hint to put it after: commander would take it for options, and `-h…` for help and `-V…` for
 * the version, exiting 0 having done nothing. Option flags of that shape pass.
 *
 * @example refuseDashedIds(program, process.argv);
 */
export function refuseDashedIds(program: Command, argv: readonly string[]): void {
  const flags = new Set<string>();
  const collect = (command: Command): void => {
    for (const option of command.options) {
      if (option.short) flags.add(option.short);
      if (option.long) flags.add(option.long);
    }
    for (const sub of command.commands) collect(sub);
  };
  collect(program);
  for (const arg of argv.slice(2)) {
    if (arg === '--') return;
    if (ID_SHAPED.test(arg) && !flags.has(arg)) {
      throw usageError(
        `unknown option '${arg}' (an account id that starts with "-" goes after "--", as in: latchkey user show -- ${arg})`,
      );
    }
  }
}

function packageVersion(): string {
  // src/cli/ and dist/cli/ are both two folders below package.json.
  const path = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}
