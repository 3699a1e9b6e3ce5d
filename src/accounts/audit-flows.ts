/**
 * @module Reading and keeping the audit log: an account's own recent events, the whole log for
 * admins, pruning past the retention, and recording the login manager's own events (logout,
 * remember-me theft) beside the service's.
 */
import { type Duration, durationToMs } from '../core/duration.js';
import type { RequestAuth } from '../core/request-auth.js';
import type { RequestView } from '../core/request-view.js';
import { clientAddress } from '../http/client-address.js';
import { accountAccess } from './access.js';
import type { AuditEntry, AuditQuery } from './audit-log.js';
import type { AccountsContext } from './context.js';
import { currentAccount } from './flow-support.js';
import type { Account } from './types.js';

/**
 * The logged-in account's own latest events, newest first (empty without an audit log).
 *
 * @example const events = await recentEvents(context, auth, 10);
 */
export async function recentEvents(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  limit: number,
): Promise<AuditEntry[]> {
  const account = await currentAccount(context, auth);
  if (!account || !context.auditLog) return [];
  return context.auditLog.list({ accountId: account.id, limit });
}

/**
 * A page of the whole log, newest first, for an admin; null when the actor is not one.
 *
 * @example const page = await auditPage(context, auth, { limit: 50, before: cursor });
 */
export async function auditPage(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  query: AuditQuery,
): Promise<AuditEntry[] | null> {
  const account = await currentAccount(context, auth);
  if (!accountAccess.can(account, 'audit:read')) return null;
  return context.auditLog ? context.auditLog.list(query) : [];
}

/**
 * Deletes entries older than `retention`; returns how many (0 without an audit log).
 *
 * @example await pruneAudit(context, { days: 365 });
 */
export async function pruneAudit(context: AccountsContext, retention: Duration): Promise<number> {
  if (!context.auditLog) return 0;
  return context.auditLog.prune(context.clock() - durationToMs(retention, 'retention'));
}

/**
 * Records the login manager's own events — logouts and remember-me theft — as they happen;
 * each write goes to `track`. Returns a function that stops listening.
 *
 * @example const stop = watchManagerEvents(context, (write) => pending.add(write));
 */
export function watchManagerEvents(
  context: AccountsContext,
  track: (write: Promise<void>) => void,
): () => void {
  const { manager } = context;
  const clientOf = (request: RequestView) => ({
    address: clientAddress(
      request.remoteAddress,
      request.header('x-forwarded-for'),
      manager.config.trustProxy,
    ),
    userAgent: request.header('user-agent'),
  });
  const stops = [
    manager.on('userLoggedOut', ({ userId, request }) => {
      if (userId !== null) track(context.emit('logout', userId, clientOf(request)));
    }),
    manager.on('rememberTokenTheft', ({ userId, request }) => {
      track(
        context.emit('remember_token_theft', userId, clientOf(request), {
          reason: 'a known remember-me selector came with a wrong validator',
        }),
      );
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
