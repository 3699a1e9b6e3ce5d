/**
 * @module What an admin does to other accounts: find them, disable and enable them, log them
 * out everywhere, and change their role. Each flow checks the actor is an admin now (in the
 * store, not the cached copy) and records who did what.
 */
import type { RequestAuth } from '../core/request-auth.js';
import { accountAccess } from './access.js';
import type { AdminResult } from './accounts-api.js';
import type { AccountsContext } from './context.js';
import type { EventSource } from './event-source.js';
import { currentAccount, isAccount } from './flow-support.js';
import type { Account, AccountRole } from './types.js';

const FORBIDDEN = { ok: false, reason: 'forbidden' } as const;
const NOT_FOUND = { ok: false, reason: 'not_found' } as const;

/**
 * The accounts matching `text` (part of an email or username), newest first; null when the
 * actor is not an admin.
 *
 * @example const accounts = await findAccounts(context, auth, { text: 'ann', limit: 50 });
 */
export async function findAccounts(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  query: { readonly text?: string; readonly limit: number; readonly offset?: number },
): Promise<Account[] | null> {
  if (!(await adminOf(context, auth))) return null;
  return context.store.find(query);
}

/**
 * Disables an account: it can no longer log in (the same answer as a wrong password), and its
 * sessions, remember-me tokens and API tokens end at once, in every process. An admin cannot
 * disable their own account (`self`).
 *
 * @example const result = await disableAccount(context, auth, id);
 */
export async function disableAccount(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  id: string,
): Promise<AdminResult> {
  const actor = await adminOf(context, auth);
  if (!actor) return FORBIDDEN;
  if (actor.id === id) return { ok: false, reason: 'self' };
  const updated = await context.change(async (tx) => {
    const written = await tx.store.update(id, { disabled: true });
    if (isAccount(written)) await tx.emit('account_disabled', id, auth, { actorId: actor.id });
    return written;
  });
  if (!isAccount(updated)) return NOT_FOUND;
  // Ended once the account is disabled (a login racing this one is refused by then).
  const sessions = await context.manager.revokeUserSessions(id);
  const tokens = (await context.apiTokens?.revokeForUser(id)) ?? 0;
  await context.manager.invalidateUser(id);
  await context.emit('account_sessions_revoked', id, auth, {
    actorId: actor.id,
    detail: { cause: 'account_disabled', sessionsEnded: sessions, tokensEnded: tokens },
  });
  return { ok: true, account: updated };
}

/**
 * Enables a disabled account: it can log in again.
 *
 * @example const result = await enableAccount(context, auth, id);
 */
export async function enableAccount(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  id: string,
): Promise<AdminResult> {
  const actor = await adminOf(context, auth);
  if (!actor) return FORBIDDEN;
  const updated = await context.change(async (tx) => {
    const written = await tx.store.update(id, { disabled: false });
    if (isAccount(written)) await tx.emit('account_enabled', id, auth, { actorId: actor.id });
    return written;
  });
  if (!isAccount(updated)) return NOT_FOUND;
  await context.manager.invalidateUser(id);
  return { ok: true, account: updated };
}

/**
 * Logs an account out everywhere: every session and remember-me token ends at once (its API
 * tokens stay; revoke those by disabling). An admin's own sessions end too, this one included.
 *
 * @example const result = await revokeAccountSessions(context, auth, id);
 */
export async function revokeAccountSessions(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  id: string,
): Promise<AdminResult> {
  const actor = await adminOf(context, auth);
  if (!actor) return FORBIDDEN;
  const account = await context.store.byId(id);
  if (!account) return NOT_FOUND;
  const ended = await context.manager.revokeUserSessions(id);
  await context.emit('account_sessions_revoked', id, auth, {
    actorId: actor.id,
    detail: { sessionsEnded: ended },
  });
  return { ok: true, account };
}

/**
 * Gives an account a role (the command line grants and takes roles without a request), taking
 * effect on its next request in every process.
 *
 * @example await setRole(context, id, 'admin', { actorId: null, from: 'cli' });
 */
export async function setRole(
  context: AccountsContext,
  id: string,
  role: AccountRole,
  by: { readonly actorId?: string | null; readonly from?: EventSource } = {},
): Promise<Account | null> {
  const before = await context.store.byId(id);
  if (!before) return null;
  const updated = await context.change(async (tx) => {
    const written = await tx.store.update(id, { role });
    if (isAccount(written)) {
      await tx.emit('role_changed', id, by.from ?? null, {
        actorId: by.actorId ?? null,
        detail: { from: before.role, to: role },
      });
    }
    return written;
  });
  if (!isAccount(updated)) return null;
  await context.manager.invalidateUser(id);
  return updated;
}

/** The logged-in account when it is an admin now; null otherwise. */
async function adminOf(
  context: AccountsContext,
  auth: RequestAuth<Account>,
): Promise<Account | null> {
  const account = await currentAccount(context, auth);
  return accountAccess.can(account, 'users:manage') ? account : null;
}
