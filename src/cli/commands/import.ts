/** @module `latchkey import flask <source>`: a Flask-Login app's users, brought over with their hashes. */
import type { Command } from 'commander';
import { sql } from 'kysely';
import { createSqlAccountImport } from '../../accounts/sql/account-import.js';
import { systemRandom } from '../../clock.js';
import { resolveFields } from '../flask/fields.js';
import { importUsers } from '../flask/import-users.js';
import { createProgress } from '../flask/progress.js';
import { formatImportReport } from '../flask/report-text.js';
import { openFlaskSource } from '../flask/source.js';
import { type CliIo, printJson, say } from '../io.js';
import { openDatabase } from '../open-database.js';
import { repeatable, wholeNumber } from '../option-parsers.js';
import { ensureMigrated } from '../schema-state.js';

interface FlaskOptions {
  readonly table?: string;
  readonly map: readonly string[];
  readonly dryRun?: boolean;
  readonly batchSize: number;
  readonly json?: boolean;
}

/**
 * Adds the `import` commands.
 *
 * @example addImportCommands(program, io);
 */
export function addImportCommands(program: Command, io: CliIo): void {
  const importing = program.command('import').description('bring users over from another app');
  importing
    .command('flask <source>')
    .description(
      'import the users of a Flask-Login app (a SQLite path or a postgres:// URL) with their werkzeug hashes; safe to run again',
    )
    .option('--table <name>', 'the users table (default: users, else user)')
    .option(
      '--map <column=field>',
      'read a field from another column; fields: id, email, username, password_hash, confirmed, active (repeatable)',
      repeatable,
      [],
    )
    .option('--dry-run', 'check every row and report, but write nothing')
    .option('--batch-size <n>', 'rows per transaction', wholeNumber(1, 10_000), 1000)
    .option('--json', 'print the report as JSON')
    .action(async (location: string, options: FlaskOptions) => {
      const source = await openFlaskSource(location, options.table);
      try {
        const fields = resolveFields(source.table, source.columns, options.map);
        const target = await openDatabase(io.env, { create: false });
        try {
          await ensureMigrated(target.db);
          if (target.location.kind === 'sqlite') {
            // The users table's three unique indexes outgrow SQLite's 2 MB page cache after a
            // few thousand random ids; 64 MB keeps a 100k import in memory instead of on disk.
            await sql`pragma cache_size = -65536`.execute(target.db);
          }
          const progress = createProgress(io);
          const report = await importUsers(source, createSqlAccountImport(target.db), {
            fields,
            batchSize: options.batchSize,
            dryRun: !!options.dryRun,
            now: io.now,
            random: systemRandom,
            onProgress: (read, rows) => progress.update(read, rows),
          }).finally(() => progress.stop());
          if (options.json) printJson(io, { ...report, fields: Object.fromEntries(fields) });
          else say(io, formatImportReport(report));
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    });
}
