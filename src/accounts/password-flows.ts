/** @module Changing the password, and resetting it by an emailed link. */
import type { RequestAuth } from '../core/request-auth.js';
import type { TokenRecord } from '../stores/types.js';
import type { ChangePasswordInput, NewPasswordInput, ResetResult } from './accounts-api.js';
import type { AccountsContext } from './context.js';
import {
  afterPasswordChange,
  currentAccount,
  invalid,
  isAccount,
  NOT_LOGGED_IN,
  recheckPassword,
  throttled,
} from './flow-support.js';
import { newPasswordErrors, parseEmail, passwordErrors } from './forms.js';
import type { Account, ClientContext, FlowResult } from './types.js';

/** The owner of the reset links issued for addresses without an account (not an account id). */
const NO_ACCOUNT = '!no-account';

/**
 * Changes the logged-in user's password after checking the old one. Every other session and
 * every remember-me token ends, this browser keeps its login under a new session id, every
 * reset and email-change link is void, and the account's address gets a notice.
 *
 * @example const result = await changePassword(context, auth, form);
 */
export async function changePassword(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: ChangePasswordInput,
): Promise<FlowResult> {
  const account = await currentAccount(context, auth);
  if (!account) return NOT_LOGGED_IN;
  const errors = {
    ...passwordErrors(input.old_password, 'old_password'),
    ...newPasswordErrors(input, {
      minLength: context.minPasswordLength,
      context: [account.email, account.username],
    }),
  };
  if (Object.keys(errors).length > 0) return invalid(errors);
  const refusal = await recheckPassword(context, auth, account, input.old_password, 'old_password');
  if (refusal) return refusal;
  const passwordHash = await context.hasher.hash(input.password);
  await context.change(async (tx) => {
    const patch = { passwordHash, passwordChangedAt: context.clock() };
    if (isAccount(await tx.store.update(account.id, patch))) {
      await tx.emit('password_changed', account.id, auth);
    }
  });
  await auth.revokeOtherSessions();
  await auth.renewSession();
  await afterPasswordChange(context, account.id);
  context.mail.notice('password-changed', account.email);
  return { ok: true };
}

/**
 * Mails a reset link when the address has an account, voiding its older reset links; the
 * same `{ ok: true }` either way. Past the per-account mail limit it answers the same and
 * sends nothing; past the per-address request limit it answers `throttled`.
 *
 * @example const result = await requestReset(context, auth, { email });
 */
export async function requestReset(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: { readonly email: string },
): Promise<FlowResult> {
  const address = auth.clientAddress;
  const wait = await context.throttle.take('resetRequests', address);
  if (wait !== null) {
    await context.emit('reset_throttled', null, auth, { reason: 'address_limit' });
    return throttled(wait);
  }
  const email = parseEmail(input.email);
  if (!email.ok) return invalid(email.errors);
  const found = await context.store.byEmail(email.value);
  const account = found && !found.disabled ? found : null;
  // An unknown or disabled address goes through the same limit, the same token writes and the
  // same audit entry (for no account), so the answer takes as long as for a known one; that
  // token is never sent.
  const accountId = account?.id ?? null;
  const unknown = account ? {} : { reason: found ? 'disabled' : 'unknown_email' };
  const mailKey = accountId ?? `${NO_ACCOUNT}:${email.value}`;
  if ((await context.throttle.take('resetMails', mailKey)) !== null) {
    await context.emit('reset_throttled', accountId, auth, { reason: 'mail_limit' });
    return { ok: true };
  }
  const owner = accountId ?? NO_ACCOUNT;
  await context.links.voidAll(owner, 'reset');
  const token = await context.links.issue(owner, 'reset', context.lifetimesMs.reset);
  if (account) context.mail.link('reset', account.email, token);
  await context.emit('reset_requested', accountId, auth, unknown);
  return { ok: true };
}

/**
 * Whether a reset link still works (to decide whether to show its form), without using it.
 *
 * @example if (!(await checkResetLink(context, token))) return badLinkPage();
 */
export async function checkResetLink(context: AccountsContext, token: string): Promise<boolean> {
  return (await resetTarget(context, await context.links.read(token, 'reset'))) !== null;
}

/**
 * Sets a new password by link. A refused password leaves the link usable; success uses it
 * up, ends every session, remember-me and API token of the account, voids its other links,
 * marks the address confirmed (the link proved it) and logs no one in.
 *
 * @example const result = await resetPassword(context, token, { password, password2 });
 */
export async function resetPassword(
  context: AccountsContext,
  token: string,
  input: NewPasswordInput,
  client: ClientContext | null = null,
): Promise<ResetResult> {
  const account = await resetTarget(context, await context.links.read(token, 'reset'));
  if (!account) return { ok: false, reason: 'invalid_link' };
  const errors = newPasswordErrors(input, {
    minLength: context.minPasswordLength,
    context: [account.email, account.username],
  });
  if (Object.keys(errors).length > 0) return invalid(errors);
  const passwordHash = await context.hasher.hash(input.password);
  if (!(await context.links.take(token, 'reset'))) return { ok: false, reason: 'invalid_link' };
  const updated = await context.change(async (tx) => {
    const patch = { passwordHash, passwordChangedAt: context.clock(), confirmed: true };
    const written = await tx.store.update(account.id, patch);
    if (isAccount(written)) await tx.emit('password_reset', account.id, client);
    return written;
  });
  if (!isAccount(updated)) return { ok: false, reason: 'invalid_link' };
  const sessions = await context.manager.revokeUserSessions(account.id);
  // A reset means the password may have leaked: tokens made with it end too.
  const tokens = (await context.apiTokens?.revokeForUser(account.id)) ?? 0;
  await afterPasswordChange(context, account.id);
  context.mail.notice('password-changed', account.email);
  await context.emit('sessions_revoked', account.id, client, {
    detail: { cause: 'password_reset', sessionsEnded: sessions, tokensEnded: tokens },
  });
  return { ok: true, account: updated };
}

/** The account a reset link is for, unless it is gone, disabled, or its password changed since. */
async function resetTarget(
  context: AccountsContext,
  record: TokenRecord | null,
): Promise<Account | null> {
  const account = record && (await context.store.byId(record.userId));
  if (!record || !account || account.disabled) return null;
  return record.createdAt < account.passwordChangedAt ? null : account;
}
