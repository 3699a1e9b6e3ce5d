/** @module How an account is shown: a plain object for `--json`, lines or a table row for people. */
import type { Account } from '../accounts/types.js';
import { identifyHash } from '../password/identify-hash.js';
import { formatTime } from './text-table.js';

/** An account as scripts read it; never its password hash, only the hash's scheme. */
export interface AccountJson {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  readonly confirmed: boolean;
  readonly disabled: boolean;
  readonly role: string;
  readonly createdAt: string;
  readonly passwordChangedAt: string;
  /** Null for an account that has never logged in. */
  readonly lastLoginAt: string | null;
  /** `argon2id`, `werkzeug-pbkdf2`, …; `unknown` when nothing here can verify it. */
  readonly passwordScheme: string;
}

/**
 * The account as `--json` prints it.
 *
 * @example printJson(io, accountJson(account));
 */
export function accountJson(account: Account): AccountJson {
  return {
    id: account.id,
    email: account.email,
    username: account.username,
    confirmed: account.confirmed,
    disabled: account.disabled,
    role: account.role,
    createdAt: formatTime(account.createdAt),
    passwordChangedAt: formatTime(account.passwordChangedAt),
    lastLoginAt: account.lastLoginAt === null ? null : formatTime(account.lastLoginAt),
    passwordScheme: identifyHash(account.passwordHash) ?? 'unknown',
  };
}

/**
 * The account's row in `user list`: email, username, id, role, confirmed, disabled, created.
 *
 * @example formatTable(ACCOUNT_COLUMNS, accounts.map(accountRow))
 */
export function accountRow(account: Account): string[] {
  return [
    account.email,
    account.username,
    account.id,
    account.role,
    yesNo(account.confirmed),
    yesNo(account.disabled),
    formatTime(account.createdAt),
  ];
}

/** The header of {@link accountRow}. */
export const ACCOUNT_COLUMNS = [
  'EMAIL',
  'USERNAME',
  'ID',
  'ROLE',
  'CONFIRMED',
  'DISABLED',
  'CREATED',
];

/**
 * Yes or no, for flags in text output.
 *
 * @example yesNo(true) // 'yes'
 */
export function yesNo(flag: boolean): string {
  return flag ? 'yes' : 'no';
}
