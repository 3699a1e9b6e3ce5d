/** @module Changing the email address: a password-checked request, then a link to the new address. */
import type { RequestAuth } from '../core/request-auth.js';
import type { ChangeEmailInput } from './accounts-api.js';
import type { AccountsContext } from './context.js';
import {
  currentAccount,
  invalid,
  isAccount,
  NOT_LOGGED_IN,
  recheckPassword,
} from './flow-support.js';
import { parseEmail, passwordErrors } from './forms.js';
import type { Account, ClientContext, FlowResult, LinkResult } from './types.js';

/**
 * Checks the logged-in user's password and mails a confirmation link to the new address,
 * voiding older email-change links. Whether the new address is taken is not told here (the
 * link answers `email_taken` when followed), so the form cannot probe for accounts.
 *
 * @example const result = await requestEmailChange(context, auth, { email, password });
 */
export async function requestEmailChange(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: ChangeEmailInput,
): Promise<FlowResult> {
  const account = await currentAccount(context, auth);
  if (!account) return NOT_LOGGED_IN;
  const email = parseEmail(input.email);
  const errors = {
    ...(email.ok ? {} : email.errors),
    ...passwordErrors(input.password, 'password'),
  };
  if (email.ok && email.value === account.email) errors.email = 'That is already your address.';
  if (!email.ok || Object.keys(errors).length > 0) return invalid(errors);
  const refusal = await recheckPassword(context, auth, account, input.password, 'password');
  if (refusal) return refusal;
  await context.links.voidAll(account.id, 'email-change');
  const token = await context.links.issue(
    account.id,
    'email-change',
    context.lifetimesMs['email-change'],
    { email: email.value },
  );
  context.mail.link('email-change', email.value, token);
  await context.emit('email_change_requested', account.id, auth);
  return { ok: true };
}

/**
 * Moves the link's account to its new address (marking it confirmed: the link proved it),
 * voids the old address's confirmation links and notifies the old address. The link works
 * once; an address taken meanwhile answers `email_taken` and changes nothing.
 *
 * @example const result = await confirmEmailChange(context, token);
 */
export async function confirmEmailChange(
  context: AccountsContext,
  token: string,
  client: ClientContext | null = null,
): Promise<LinkResult> {
  const record = await context.links.take(token, 'email-change');
  const account = record && (await context.store.byId(record.userId));
  const email = record?.data?.email;
  if (!record || !account || account.disabled || typeof email !== 'string') {
    return { ok: false, reason: 'invalid_link' };
  }
  // A password change since the request voids it, as it voids every outstanding link.
  if (record.createdAt < account.passwordChangedAt) return { ok: false, reason: 'invalid_link' };
  const updated = await context.change(async (tx) => {
    const written = await tx.store.update(account.id, { email, confirmed: true });
    if (isAccount(written)) {
      await tx.emit('email_changed', account.id, client, {
        detail: { from: 'old address', confirmed: true },
      });
    }
    return written;
  });
  if (updated === 'email_taken') return { ok: false, reason: 'email_taken' };
  if (!updated) return { ok: false, reason: 'invalid_link' };
  await context.links.voidAll(account.id, 'confirm', 'email-change');
  await context.manager.invalidateUser(account.id);
  context.mail.notice('email-changed', account.email);
  return { ok: true, account: updated };
}
