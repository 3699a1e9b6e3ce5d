/** @module `latchkey prune`: expired sessions, tokens and throttle counters deleted, with counts. */
import type { Command } from 'commander';
import { type CliIo, printJson, say } from '../io.js';
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
    .description('delete expired sessions, tokens and throttle counters, and say how many went')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { json?: boolean }) => {
      await withServices(io, async ({ manager }) => {
        const { sessions, tokens } = await manager.deleteExpired();
        const counters = (await manager.stores.counters?.deleteExpired(io.now())) ?? 0;
        if (options.json) {
          printJson(io, { sessions, tokens, counters });
          return;
        }
        say(
          io,
          `Deleted ${plural(sessions, 'expired session')}, ${plural(tokens, 'expired token')} and ${plural(counters, 'expired throttle counter')}.`,
        );
      });
    });
}
