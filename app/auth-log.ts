/**
 * @module The audit log: one pino line per auth event, with the event, the account and the
 * client address — never a password, token, link or cookie value.
 */
import type { Logger } from 'pino';
import type { Account, AccountEvent } from '../src/accounts/index.js';
import type { LoginManager } from '../src/index.js';

const WARNINGS = new Set<AccountEvent['type']>([
  'login_failed',
  'login_throttled',
  'reauth_failed',
  'reset_throttled',
]);

/**
 * The accounts service's `onEvent`: failures and holds at warn level, the rest at info.
 *
 * @example new Accounts({ ..., onEvent: accountEventLogger(logger) });
 */
export function accountEventLogger(logger: Logger): (event: AccountEvent) => void {
  return ({ type, accountId, address }) => {
    const line = { event: type, accountId, address };
    if (WARNINGS.has(type)) logger.warn(line, 'auth event');
    else logger.info(line, 'auth event');
  };
}

/**
 * Logs the manager's own events (logout, remember-token theft); returns a function that stops.
 *
 * @example const stop = logManagerEvents(manager, logger);
 */
export function logManagerEvents(manager: LoginManager<Account>, logger: Logger): () => void {
  const offs = [
    manager.on('userLoggedOut', ({ userId, request }) => {
      logger.info(
        { event: 'logout', accountId: userId, address: request.remoteAddress },
        'auth event',
      );
    }),
    manager.on('rememberTokenTheft', ({ userId, request }) => {
      logger.warn(
        { event: 'remember_token_theft', accountId: userId, address: request.remoteAddress },
        'auth event',
      );
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
