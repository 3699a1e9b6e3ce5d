/** @module Registration, confirmation by link, and resending the confirmation link. */
import type { RequestAuth } from '../core/request-auth.js';
import type { RegisterInput } from './accounts-api.js';
import type { AccountsContext } from './context.js';
import { currentAccount, invalid, isAccount, NOT_LOGGED_IN, throttled } from './flow-support.js';
import { parseRegisterForm } from './forms.js';
import type { Account, ClientContext, FlowResult, LinkResult } from './types.js';

/**
 * Creates an unconfirmed account and mails its confirmation link. A taken email hashes the
 * password all the same, answers `{ ok: true }` and mails the address's owner instead.
 *
 * @example const result = await register(context, auth, form);
 */
export async function register(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: RegisterInput,
): Promise<FlowResult> {
  const address = auth.clientAddress;
  const wait = await context.throttle.take('registrations', address);
  if (wait !== null) return throttled(wait);
  const form = parseRegisterForm(input, context.minPasswordLength);
  if (!form.ok) return invalid(form.errors);
  const { email, username, password } = form.value;
  // Hashed before the store is asked, so a taken address costs the same time as a new one.
  const passwordHash = await context.hasher.hash(password);
  const now = context.clock();
  const created = await context.change(async (tx) => {
    const made = await tx.store.create({
      id: context.newId(),
      email,
      username,
      passwordHash,
      createdAt: now,
      role: context.roleFor(email),
    });
    if (typeof made !== 'string') {
      await tx.emit('registered', made.id, auth, { detail: { role: made.role } });
    }
    return made;
  });
  if (created === 'username_taken') {
    return invalid({ username: 'That username is taken. Please choose another.' });
  }
  if (created === 'email_taken') {
    const owner = await context.store.byEmail(email);
    context.mail.notice('register-taken', email);
    await context.emit('register_taken', owner?.id ?? null, auth);
    return { ok: true };
  }
  await sendConfirmation(context, created);
  return { ok: true };
}

/**
 * Confirms the address of the link's account; the link works once.
 *
 * @example const result = await confirm(context, token);
 */
export async function confirm(
  context: AccountsContext,
  token: string,
  client: ClientContext | null = null,
): Promise<LinkResult> {
  const record = await context.links.take(token, 'confirm');
  const account = record && (await context.store.byId(record.userId));
  if (!account) return { ok: false, reason: 'invalid_link' };
  const updated = await context.change(async (tx) => {
    const written = await tx.store.update(account.id, { confirmed: true });
    if (isAccount(written)) await tx.emit('confirmed', account.id, client);
    return written;
  });
  if (!isAccount(updated)) return { ok: false, reason: 'invalid_link' };
  await context.manager.invalidateUser(account.id);
  return { ok: true, account: updated };
}

/**
 * Mails the logged-in, unconfirmed user a new confirmation link, voiding the older ones
 * (a confirmed user gets `{ ok: true }` and no mail).
 *
 * @example const result = await resendConfirmation(context, auth);
 */
export async function resendConfirmation(
  context: AccountsContext,
  auth: RequestAuth<Account>,
): Promise<FlowResult> {
  const account = await currentAccount(context, auth);
  if (!account) return NOT_LOGGED_IN;
  if (account.confirmed) return { ok: true };
  await sendConfirmation(context, account);
  await context.emit('confirmation_resent', account.id, auth);
  return { ok: true };
}

async function sendConfirmation(context: AccountsContext, account: Account): Promise<void> {
  await context.links.voidAll(account.id, 'confirm');
  const token = await context.links.issue(account.id, 'confirm', context.lifetimesMs.confirm);
  context.mail.link('confirm', account.email, token);
}
