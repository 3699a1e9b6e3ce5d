/**
 * @module `latchkey prune`: expired sessions, tokens, API tokens and throttle counters, and audit
 * entries past their retention, deleted, with counts.
 */
import type { Command } from 'commander';
import { createSqlAuditLog } from '../../accounts/sql/audit-log.js';
import { usageError } from '../cli-error.js';
import { type CliIo, printJson, say } from '../io.js';
import { wholeNumber } from '../option-parsers.js';
import { withServices } from '../services.js';
import { plural } from '../text-table.js';

/**
 * Adds the `prune` command (for cron; the app also prunes hourly while it runs).
 *
 * @example addPruneCommand(program, io);
 */
export function addPruneCommand(program: Command, io: CliIo): void {
  program
    .command('prune')
    .description(
      'delete expired sessions, tokens, API tokens and throttle counters, and audit entries older than the retention, and say how many went',
    )
    .option(
      '--audit-days <n>',
      'keep audit entries this many days (default AUDIT_RETENTION_DAYS, else 365)',
      wholeNumber(1, 36_500),
    )
    .option('--json', 'print the counts as JSON')
    .action(async (options: { json?: boolean; auditDays?: number }) => {
      const days = options.auditDays ?? retentionFromEnv(io.env.AUDIT_RETENTION_DAYS);
      await withServices(io, async ({ manager, apiTokens, db }) => {
        const { sessions, tokens } = await manager.deleteExpired();
        const counters = (await manager.stores.counters?.deleteExpired(io.now())) ?? 0;
        const expiredApiTokens = await apiTokens.deleteExpired();
        const audit = await createSqlAuditLog(db).prune(io.now() - days * DAY_MS);
        const counts = { sessions, tokens, apiTokens: expiredApiTokens, counters, audit };
        if (options.json) {
          printJson(io, { ...counts, auditRetentionDays: days });
          return;
        }
        say(
          io,
          `Deleted ${plural(sessions, 'expired session')}, ${plural(tokens, 'expired token')}, ${plural(expiredApiTokens, 'expired API token')}, ${plural(counters, 'expired throttle counter')} and ${plural(audit, 'audit entry', 'audit entries')} older than ${plural(days, 'day')}.`,
        );
      });
    });
}

const DAY_MS = 86_400_000;

/** AUDIT_RETENTION_DAYS as the app reads it: 1 to 36500 days, 365 when unset. */
function retentionFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 365;
  try {
    return wholeNumber(1, 36_500)(value);
  } catch {
    throw usageError(`AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 36500.`);
  }
}
