/** @module `latchkey user …`: create, list, show, disable, enable, set-password, role, two-factor-off. */
import type { Command } from 'commander';
import { listSqlAccounts } from '../../accounts/sql/account-list.js';
import { createSqlLegacyIds } from '../../accounts/sql/legacy-ids.js';
import type { AccountRole } from '../../accounts/types.js';
import { ACCOUNT_COLUMNS, accountJson, accountRow, yesNo } from '../account-view.js';
import { usageError } from '../cli-error.js';
import { findAccount } from '../find-account.js';
import { type CliIo, printJson, say } from '../io.js';
import { wholeNumber } from '../option-parsers.js';
import { readNewPassword } from '../password-input.js';
import { withServices } from '../services.js';
import { formatTable, plural } from '../text-table.js';
import {
  createUser,
  setDisabled,
  setPassword,
  setRole,
  turnTwoFactorOff,
} from '../user-actions.js';

const USER_ARGUMENT = 'an email address or an account id';

const ROLES: readonly AccountRole[] = ['user', 'admin'];

function isRole(value: string): value is AccountRole {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Adds the `user` commands.
 *
 * @example addUserCommands(program, io);
 */
export function addUserCommands(program: Command, io: CliIo): void {
  const user = program.command('user').description('accounts');

  user
    .command('create <email>')
    .description('create an account; the password is typed twice, or read with --password-stdin')
    .requiredOption('--username <name>', '3 to 32 letters, digits, "_", "." or "-"')
    .option('--confirmed', 'mark the email address as confirmed')
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .option('--json', 'print the account as JSON')
    .action(async (email: string, options: CreateOptions) => {
      const password = await readNewPassword(io, { fromStdin: !!options.passwordStdin });
      await withServices(io, async (services) => {
        const account = await createUser(
          services,
          { email, username: options.username, password, confirmed: !!options.confirmed },
          io.now(),
        );
        if (options.json) printJson(io, accountJson(account));
        else say(io, `Created ${account.email} (id ${account.id}).`);
      });
    });

  user
    .command('list')
    .description('list accounts by email, a page at a time')
    .option('--search <text>', 'only accounts whose email or username contains this')
    .option('--disabled', 'only disabled accounts')
    .option('--enabled', 'only accounts that are not disabled')
    .option('--confirmed', 'only confirmed accounts')
    .option('--unconfirmed', 'only unconfirmed accounts')
    .option('--limit <n>', 'accounts per page (1 to 1000)', wholeNumber(1, 1000), 50)
    .option('--offset <n>', 'accounts to skip', wholeNumber(0, 1e9), 0)
    .option('--json', 'print the page as JSON')
    .action(async (options: ListOptions) => {
      const disabled = eitherFlag(options.disabled, options.enabled, '--disabled', '--enabled');
      const confirmed = eitherFlag(
        options.confirmed,
        options.unconfirmed,
        '--confirmed',
        '--unconfirmed',
      );
      await withServices(io, async ({ db }) => {
        const page = await listSqlAccounts(db, {
          ...(options.search === undefined ? {} : { search: options.search }),
          ...(disabled === undefined ? {} : { disabled }),
          ...(confirmed === undefined ? {} : { confirmed }),
          limit: options.limit,
          offset: options.offset,
        });
        if (options.json) {
          printJson(io, {
            total: page.total,
            offset: options.offset,
            limit: options.limit,
            accounts: page.accounts.map(accountJson),
          });
          return;
        }
        if (page.accounts.length > 0)
          say(io, formatTable(ACCOUNT_COLUMNS, page.accounts.map(accountRow)));
        if (page.total === 0) return say(io, 'No accounts match.');
        const last = options.offset + page.accounts.length;
        const shown = page.accounts.length === 0 ? 'none' : `${options.offset + 1}–${last}`;
        const more = last < page.total ? ` (next page: --offset ${last})` : '';
        say(io, `Showing ${shown} of ${page.total} accounts${more}.`);
      });
    });

  user
    .command('show <user>')
    .description(`show one account (${USER_ARGUMENT}), with its live sessions`)
    .option('--json', 'print the account as JSON')
    .action(async (reference: string, options: JsonOption) => {
      await withServices(io, async ({ accounts, manager, db }) => {
        const account = await findAccount(accounts, reference);
        const sessions = (await manager.listSessions(account.id)).length;
        const legacyId = await createSqlLegacyIds(db).legacyIdOf(account.id);
        const shown = { ...accountJson(account), legacyId, liveSessions: sessions };
        if (options.json) return printJson(io, shown);
        say(
          io,
          formatTable(
            ['FIELD', 'VALUE'],
            [
              ['id', shown.id],
              ['email', shown.email],
              ['username', shown.username],
              ['confirmed', yesNo(shown.confirmed)],
              ['disabled', yesNo(shown.disabled)],
              ['role', shown.role],
              ['created', shown.createdAt],
              ['password changed', shown.passwordChangedAt],
              ['last login', shown.lastLoginAt ?? 'never'],
              ['password hash', shown.passwordScheme],
              ['imported from id', legacyId ?? '-'],
              ['live sessions', String(sessions)],
            ],
          ),
        );
      });
    });

  for (const disabled of [true, false]) {
    user
      .command(`${disabled ? 'disable' : 'enable'} <user>`)
      .description(
        disabled
          ? `disable an account (${USER_ARGUMENT}) and end its sessions everywhere at once`
          : `let a disabled account (${USER_ARGUMENT}) log in again`,
      )
      .option('--json', 'print the result as JSON')
      .action(async (reference: string, options: JsonOption) => {
        await withServices(io, async (services) => {
          const account = await findAccount(services.accounts, reference);
          const ended = await setDisabled(services, account, disabled);
          const was = account.disabled === disabled ? ' (it already was)' : '';
          if (options.json) {
            printJson(io, {
              id: account.id,
              email: account.email,
              disabled,
              sessionsEnded: ended.sessions,
              tokensEnded: ended.tokens,
            });
          } else if (disabled) {
            say(
              io,
              `Disabled ${account.email}${was}; ended ${plural(ended.sessions, 'session')} and ${plural(ended.tokens, 'API token')}.`,
            );
          } else {
            say(io, `Enabled ${account.email}${was}.`);
          }
        });
      });
  }

  user
    .command('set-password <user>')
    .description(
      `set a new password (${USER_ARGUMENT}) and end every session and link of the old one`,
    )
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .option('--json', 'print the result as JSON')
    .action(async (reference: string, options: PasswordOptions) => {
      await withServices(io, async (services) => {
        const account = await findAccount(services.accounts, reference);
        const password = await readNewPassword(io, { fromStdin: !!options.passwordStdin });
        const ended = await setPassword(services, account, password, io.now());
        if (options.json)
          printJson(io, { id: account.id, email: account.email, sessionsEnded: ended });
        else say(io, `Set a new password for ${account.email}; ended ${plural(ended, 'session')}.`);
      });
    });

  user
    .command('two-factor-off <user>')
    .description(
      `turn two-factor off for an account (${USER_ARGUMENT}) that lost its authenticator and its recovery codes, once you have made sure who is asking; its next login asks for the password alone`,
    )
    .option('--json', 'print the result as JSON')
    .action(async (reference: string, options: JsonOption) => {
      await withServices(io, async (services) => {
        const account = await findAccount(services.accounts, reference);
        const wasOn = await turnTwoFactorOff(services, account);
        if (options.json) printJson(io, { id: account.id, email: account.email, wasOn });
        else if (wasOn) say(io, `Turned two-factor off for ${account.email}.`);
        else say(io, `${account.email} did not have two-factor on; nothing changed.`);
      });
    });

  user
    .command('role <user> [role]')
    .description(
      `show an account's role (${USER_ARGUMENT}), or give it one: ${ROLES.join(' or ')}; it takes effect on the account's next request, in every process`,
    )
    .option('--json', 'print the result as JSON')
    .action(async (reference: string, role: string | undefined, options: JsonOption) => {
      if (role !== undefined && !isRole(role)) {
        throw usageError(`The role must be ${ROLES.join(' or ')}, not "${role}".`);
      }
      await withServices(io, async (services) => {
        const account = await findAccount(services.accounts, reference);
        const updated = role === undefined ? account : await setRole(services, account, role);
        const changed = updated.role !== account.role;
        if (options.json) {
          printJson(io, { id: account.id, email: account.email, role: updated.role, changed });
        } else if (role === undefined) {
          say(io, `${account.email} has the role ${account.role}.`);
        } else {
          say(
            io,
            changed
              ? `${account.email} now has the role ${updated.role} (it had ${account.role}).`
              : `${account.email} already has the role ${updated.role}.`,
          );
        }
      });
    });
}

interface JsonOption {
  readonly json?: boolean;
}

interface PasswordOptions extends JsonOption {
  readonly passwordStdin?: boolean;
}

interface CreateOptions extends PasswordOptions {
  readonly username: string;
  readonly confirmed?: boolean;
}

interface ListOptions extends JsonOption {
  readonly search?: string;
  readonly disabled?: boolean;
  readonly enabled?: boolean;
  readonly confirmed?: boolean;
  readonly unconfirmed?: boolean;
  readonly limit: number;
  readonly offset: number;
}

/** A filter from a pair of opposite flags: true, false, or undefined for neither. */
function eitherFlag(
  yes: boolean | undefined,
  no: boolean | undefined,
  yesName: string,
  noName: string,
): boolean | undefined {
  if (yes && no) throw usageError(`${yesName} and ${noName} cannot be used together.`);
  return yes ? true : no ? false : undefined;
}
