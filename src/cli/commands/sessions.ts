/**
 * @module `latchkey sessions list|revoke <user>`: a user's live sessions, and ending them;
 * `sessions revoke-all`: every session of every account, after a breach.
 */
import type { Command } from 'commander';
import { listSqlAccounts } from '../../accounts/sql/account-list.js';
import { yesNo } from '../account-view.js';
import { CliError, usageError } from '../cli-error.js';
import { findAccount } from '../find-account.js';
import { type CliIo, printJson, say } from '../io.js';
import { withServices } from '../services.js';
import { formatTable, formatTime, plural } from '../text-table.js';

/**
 * Adds the `sessions` commands.
 *
 * @example addSessionCommands(program, io);
 */
export function addSessionCommands(program: Command, io: CliIo): void {
  const sessions = program.command('sessions').description("a user's login sessions");

  sessions
    .command('list <user>')
    .description("list a user's live sessions (an email address or an account id), newest first")
    .option('--json', 'print the sessions as JSON')
    .action(async (reference: string, options: { json?: boolean }) => {
      await withServices(io, async ({ accounts, manager }) => {
        const account = await findAccount(accounts, reference);
        const live = (await manager.listSessions(account.id)).map((session) => ({
          id: session.id,
          createdAt: formatTime(session.createdAt),
          lastSeenAt: formatTime(session.lastSeenAt),
          expiresAt: formatTime(session.expiresAt),
          fresh: session.fresh,
          remembered: session.remembered,
          address: session.address,
          userAgent: session.userAgent,
        }));
        if (options.json) return printJson(io, { email: account.email, sessions: live });
        if (live.length === 0) return say(io, `${account.email} has no live sessions.`);
        const rows = live.map((s) => [
          s.id,
          s.createdAt,
          s.lastSeenAt,
          yesNo(s.remembered),
          s.address ?? '-',
          s.userAgent ?? '-',
        ]);
        say(
          io,
          formatTable(['ID', 'CREATED', 'LAST SEEN', 'REMEMBERED', 'ADDRESS', 'USER AGENT'], rows),
        );
      });
    });

  sessions
    .command('revoke <user>')
    .description(
      "end a user's sessions everywhere at once: all of them and their remember-me tokens, or one with --id",
    )
    .option('--id <id>', 'end only this session (an ID from "sessions list")')
    .option('--json', 'print the result as JSON')
    .action(async (reference: string, options: { id?: string; json?: boolean }) => {
      await withServices(io, async (services) => {
        const { accounts, manager } = services;
        const account = await findAccount(accounts, reference);
        let ended: number;
        if (options.id === undefined) {
          ended = await manager.revokeUserSessions(account.id);
        } else {
          const live = await manager.listSessions(account.id);
          // Only a session of this user: an id from someone else's list must not end theirs.
          if (!live.some((session) => session.id === options.id)) {
            throw new CliError(`${account.email} has no live session with the id ${options.id}.`);
          }
          await manager.revokeSession(options.id);
          ended = 1;
        }
        await services.change((tx) =>
          tx.record('account_sessions_revoked', account.id, { sessionsEnded: ended }),
        );
        if (options.json) printJson(io, { email: account.email, sessionsEnded: ended });
        else say(io, `Ended ${plural(ended, 'session')} of ${account.email}.`);
      });
    });

  sessions
    .command('revoke-all')
    .description(
      'end every session and remember-me token of every account, everywhere at once (after a breach, or a leaked SECRET_KEY); needs --yes',
    )
    .option('--yes', 'go ahead: every user will have to log in again')
    .option('--json', 'print the result as JSON')
    .action(async (options: { yes?: boolean; json?: boolean }) => {
      if (!options.yes) {
        throw usageError('This logs every account out everywhere: add --yes to go ahead.');
      }
      await withServices(io, async (services) => {
        let accounts = 0;
        let ended = 0;
        // Account by account through the login manager, so every store and every process's
        // cache hears of each one; the accounts themselves do not change, so paging holds still.
        for (let offset = 0; ; offset += REVOKE_PAGE) {
          const page = await listSqlAccounts(services.db, { limit: REVOKE_PAGE, offset });
          for (const account of page.accounts) {
            ended += await services.manager.revokeUserSessions(account.id);
          }
          accounts += page.accounts.length;
          if (page.accounts.length < REVOKE_PAGE) break;
        }
        await services.change((tx) =>
          tx.record('all_sessions_revoked', null, { accounts, sessionsEnded: ended }),
        );
        if (options.json) printJson(io, { accounts, sessionsEnded: ended });
        else say(io, `Ended ${plural(ended, 'session')} of ${plural(accounts, 'account')}.`);
      });
    });
}

const REVOKE_PAGE = 500;
