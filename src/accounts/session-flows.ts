/** @module Ending the logged-in account's other sessions, recorded. */
import type { RequestAuth } from '../core/request-auth.js';
import type { AccountsContext } from './context.js';
import type { Account } from './types.js';

/**
 * Ends every other session and every remember-me token of the logged-in account; returns how
 * many sessions ended (0 for nobody).
 *
 * @example const ended = await revokeOtherSessions(context, auth);
 */
export async function revokeOtherSessions(
  context: AccountsContext,
  auth: RequestAuth<Account>,
): Promise<number> {
  const user = await auth.currentUser();
  if (!user) return 0;
  const ended = await auth.revokeOtherSessions();
  await context.emit('sessions_revoked', user.id, auth, { detail: { sessionsEnded: ended } });
  return ended;
}
