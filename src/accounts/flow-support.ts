/**
 * @module What several flows share: the refusals, the current account, and proving a
 * password under the throttle (with a dummy hash for unknown accounts and a rehash on success).
 */
import type { RequestAuth } from '../core/request-auth.js';
import type { AccountsContext } from './context.js';
import type { Account, FieldErrors, Refusal } from './types.js';

/** The one refusal of a failed login, whatever the reason. */
export const INVALID_LOGIN: Refusal = Object.freeze({
  ok: false,
  reason: 'invalid',
  errors: Object.freeze({ form: 'Invalid email or password.' }),
});

/** The refusal of a flow that needs a logged-in account when there is none. */
export const NOT_LOGGED_IN: Refusal = Object.freeze({
  ok: false,
  reason: 'invalid',
  errors: Object.freeze({ form: 'Please log in first.' }),
});

/** The error of a current-password field that did not match. */
export const WRONG_PASSWORD = 'That is not your current password.';

/**
 * The form again with these field errors.
 *
 * @example return invalid({ email: 'Enter your email address.' });
 */
export function invalid(errors: FieldErrors): Refusal {
  return { ok: false, reason: 'invalid', errors };
}

/**
 * A too-many-attempts refusal.
 *
 * @example return throttled(900);
 */
export function throttled(retryAfterSeconds: number): Refusal {
  return { ok: false, reason: 'throttled', retryAfterSeconds };
}

/**
 * The logged-in account as the store has it now (not the cached copy); null when nobody
 * is logged in or the account is gone or disabled.
 *
 * @example const account = await currentAccount(context, auth); if (!account) return NOT_LOGGED_IN;
 */
export async function currentAccount(
  context: AccountsContext,
  auth: RequestAuth<Account>,
): Promise<Account | null> {
  const user = await auth.currentUser();
  if (!user) return null;
  const account = await context.store.byId(user.id);
  return account && !account.disabled ? account : null;
}

/** The outcome of proving a password. */
export type Proof =
  | { readonly kind: 'ok'; readonly account: Account }
  | { readonly kind: 'wrong' }
  | { readonly kind: 'held'; readonly retryAfterSeconds: number };

/** Options of {@link provePassword}. */
export interface ProveOptions {
  /**
   * Clear the account's failures on a right password; default true. False when a second
   * factor follows, so that the password cannot reset the count of wrong codes.
   */
  readonly clearFailures?: boolean;
}

/**
 * Checks `password` for the account under `accountKey` (its normalised email): refuses while
 * the key or the address is held; otherwise runs a hash in every case (a dummy one when there
 * is no account), counts a failure for a wrong password or a disabled account, and on success
 * clears the failures and replaces an outdated hash.
 *
 * @example const proof = await provePassword(context, email, account, password, auth.clientAddress);
 */
export async function provePassword(
  context: AccountsContext,
  accountKey: string,
  account: Account | null,
  password: string,
  address: string | null,
  options: ProveOptions = {},
): Promise<Proof> {
  const { hasher, throttle } = context;
  const held = await throttle.loginHold(accountKey, address);
  if (held !== null) return { kind: 'held', retryAfterSeconds: held };
  const matches = account
    ? await hasher.verify(account.passwordHash, password)
    : await hasher.dummyVerify();
  // Asked again once the hash is done: guesses sent all at once pass the first check together
  // and wait for the hasher, so without this a burst got an answer for every guess. One that
  // finishes after the hold began gets the hold's answer, right password or not.
  const heldSince = await throttle.loginHold(accountKey, address);
  if (heldSince !== null) return { kind: 'held', retryAfterSeconds: heldSince };
  if (!account || !matches || account.disabled) {
    await throttle.recordFailure(accountKey, address);
    return { kind: 'wrong' };
  }
  if (options.clearFailures !== false) await throttle.clearFailures(accountKey);
  return { kind: 'ok', account: await rehashIfOutdated(context, account, password) };
}

/**
 * Proves the logged-in account's password again (reauthentication, and before changing the
 * password or email): null when it matches, else the refusal to answer with, the error keyed
 * by `field`. A wrong password counts as a failed login.
 *
 * @example const refusal = await recheckPassword(context, auth, account, input.password, 'password');
 */
export async function recheckPassword(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  account: Account,
  password: string,
  field: string,
  options: ProveOptions = {},
): Promise<Refusal | null> {
  const address = auth.clientAddress;
  const proof = await provePassword(context, account.email, account, password, address, options);
  if (proof.kind === 'held') {
    await context.emit('login_throttled', account.id, auth, { reason: 'held' });
    return throttled(proof.retryAfterSeconds);
  }
  if (proof.kind === 'wrong') {
    await context.emit('reauth_failed', account.id, auth, { reason: 'wrong_password' });
    return invalid({ [field]: WRONG_PASSWORD });
  }
  return null;
}

/** Replaces a legacy or weaker hash with the hasher's current one, now that the password is known. */
async function rehashIfOutdated(
  context: AccountsContext,
  account: Account,
  password: string,
): Promise<Account> {
  if (!context.hasher.needsRehash(account.passwordHash)) return account;
  const passwordHash = await context.hasher.hash(password);
  const updated = await context.store.update(account.id, { passwordHash });
  await context.manager.invalidateUser(account.id);
  return updated && updated !== 'email_taken' ? updated : account;
}

/**
 * Ends what a new password makes void: every reset and email-change link, and the
 * account's cached copy in every process.
 *
 * @example await afterPasswordChange(context, account.id);
 */
export async function afterPasswordChange(context: AccountsContext, accountId: string) {
  await context.links.voidAll(accountId, 'reset', 'email-change');
  await context.manager.invalidateUser(accountId);
}

/**
 * Whether a store's answer to `update` is the account it wrote (not `email_taken` or null).
 *
 * @example if (isAccount(await tx.store.update(id, patch))) await tx.emit('role_changed', id);
 */
export function isAccount(written: Account | 'email_taken' | null): written is Account {
  return written !== null && written !== 'email_taken';
}

/**
 * Notes a completed login (password, second factor or passkey) as the account's last login; the
 * account as it now is, or the one given when the store no longer has it.
 *
 * @example const current = await noteLogin(context, account);
 */
export async function noteLogin(context: AccountsContext, account: Account): Promise<Account> {
  const updated = await context.store.update(account.id, { lastLoginAt: context.clock() });
  return updated && updated !== 'email_taken' ? updated : account;
}
