/** @module `latchkey db migrate`: the schema brought up to date, as the app does at start. */
import type { Command } from 'commander';
import { type CliIo, printJson, say } from '../io.js';
import { describeLocation, openDatabase } from '../open-database.js';
import { migrateAll } from '../schema-state.js';

/**
 * Adds the `db` commands.
 *
 * @example addDbCommands(program, io);
 */
export function addDbCommands(program: Command, io: CliIo): void {
  const db = program.command('db').description('the database schema');
  db.command('migrate')
    .description(
      'create the tables or bring them up to date (a SQLite file and its folder are created if missing)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const opened = await openDatabase(io.env, { create: true });
      try {
        const ran = await migrateAll(opened.db);
        const where = describeLocation(opened.location);
        if (options.json) printJson(io, { database: where, migrationsRun: ran });
        else if (ran.length === 0) say(io, `${where} is up to date; nothing to run.`);
        else say(io, `Ran ${ran.length} migrations on ${where}:\n  ${ran.join('\n  ')}`);
      } finally {
        await opened.close();
      }
    });
}
