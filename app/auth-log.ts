/**
 * @module The audit log: one pino line per auth event, with the event, the account and the
 * client address — never a password, token, link or cookie value.
 */
import type { Logger } from 'pino';
import type { AccountEvent } from '../src/accounts/index.js';

/** One audit line: what happened, to which account (when known), from which address. */
export interface AuthLogLine {
  readonly event: string;
  readonly accountId?: string | null;
  readonly address: string | null;
  /** Details that are never secrets, e.g. why a CSRF check failed. */
  readonly [detail: string]: unknown;
}

const WARNINGS = new Set<AccountEvent['type']>([
  'login_failed',
  'login_throttled',
  'reauth_failed',
  'reset_throttled',
  'two_factor_failed',
  'passkey_login_failed',
  'remember_token_theft',
]);

/**
 * Writes one audit line; failures and attacks at `warn`, the rest at `info`.
 *
 * @example logAuthEvent(logger, { event: 'csrf_failed', address, reason }, 'warn');
 */
export function logAuthEvent(
  logger: Logger,
  line: AuthLogLine,
  level: 'info' | 'warn' = 'info',
): void {
  logger[level](line, 'auth event');
}

/**
 * The accounts service's `onEvent` — its flows and the login manager's logouts and remember-me
 * thefts — failures and holds at warn level, the rest at info.
 *
 * @example new Accounts({ ..., onEvent: accountEventLogger(logger) });
 */
export function accountEventLogger(logger: Logger): (event: AccountEvent) => void {
  return ({ type, accountId, address, actorId }) => {
    const line = { event: type, accountId, address, ...(actorId ? { actorId } : {}) };
    logAuthEvent(logger, line, WARNINGS.has(type) ? 'warn' : 'info');
  };
}
