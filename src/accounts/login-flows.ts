/** @module Logging in and reauthenticating: throttled, timing-flat, one refusal for every failure. */
import type { RequestAuth } from '../core/request-auth.js';
import type { LoginInput } from './accounts-api.js';
import type { AccountsContext } from './context.js';
import {
  currentAccount,
  INVALID_LOGIN,
  invalid,
  NOT_LOGGED_IN,
  provePassword,
  recheckPassword,
  throttled,
} from './flow-support.js';
import { parseLoginForm, passwordErrors } from './forms.js';
import type { Account, AccountResult, FlowResult } from './types.js';

/**
 * Checks the password and logs in (a new, fresh session; a remember-me cookie when asked).
 * An unknown email, a wrong password and a disabled account get the same refusal after the
 * same hashing work; a held account or address gets `throttled` even with the right password.
 *
 * @example const result = await login(context, auth, { email, password, remember: true });
 */
export async function login(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: LoginInput,
): Promise<AccountResult> {
  const form = parseLoginForm(input);
  if (!form.ok) return invalid(form.errors);
  const { email, password } = form.value;
  const address = auth.clientAddress;
  const account = await context.store.byEmail(email);
  const proof = await provePassword(context, email, account, password, address);
  if (proof.kind === 'held') {
    context.emit('login_throttled', account?.id ?? null, address);
    return throttled(proof.retryAfterSeconds);
  }
  if (
    proof.kind === 'wrong' ||
    !(await auth.login(proof.account, { remember: !!input.remember }))
  ) {
    context.emit('login_failed', account?.id ?? null, address);
    return INVALID_LOGIN;
  }
  context.emit('login_ok', proof.account.id, address);
  return { ok: true, account: proof.account };
}

/**
 * Checks the logged-in user's password again and makes the login fresh under a new session
 * id; a wrong password counts as a failed login of the account.
 *
 * @example const result = await reauthenticate(context, auth, { password });
 */
export async function reauthenticate(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: { readonly password: string },
): Promise<FlowResult> {
  const account = await currentAccount(context, auth);
  if (!account) return NOT_LOGGED_IN;
  const errors = passwordErrors(input.password, 'password');
  if (Object.keys(errors).length > 0) return invalid(errors);
  const refusal = await recheckPassword(context, auth, account, input.password, 'password');
  if (refusal) return refusal;
  await auth.confirmLogin();
  context.emit('reauth_ok', account.id, auth.clientAddress);
  return { ok: true };
}
