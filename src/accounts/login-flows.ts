/** @module Logging in and reauthenticating: throttled, timing-flat, one refusal for every failure. */
import type { RequestAuth } from '../core/request-auth.js';
import type { LoginInput, LoginResult, ReauthenticateInput } from './accounts-api.js';
import type { AccountsContext } from './context.js';
import {
  currentAccount,
  INVALID_LOGIN,
  invalid,
  NOT_LOGGED_IN,
  noteLogin,
  provePassword,
  recheckPassword,
  throttled,
} from './flow-support.js';
import { parseLoginForm, passwordErrors } from './forms.js';
import { isTwoFactorOn } from './two-factor/prove.js';
import { checkReauthCode } from './two-factor/reauth.js';
import type { Account, FlowResult } from './types.js';

/**
 * Checks the password and logs in (a new, fresh session; a remember-me cookie when asked); for
 * a two-factor account only a pending login starts, finished by `twoFactor.completeLogin`.
 * An unknown email, a wrong password and a disabled account get the same refusal after the
 * same hashing work; a held account or address gets `throttled` even with the right password.
 *
 * @example const result = await login(context, auth, { email, password, remember: true });
 */
export async function login(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: LoginInput,
): Promise<LoginResult> {
  const form = parseLoginForm(input);
  if (!form.ok) return invalid(form.errors);
  const { email, password } = form.value;
  const account = await context.store.byEmail(email);
  const address = auth.clientAddress;
  // Asked for every login, known address or not, so the answer's timing stays the same.
  const twoFactor = await isTwoFactorOn(context, account?.id ?? '');
  const proof = await provePassword(context, email, account, password, address, {
    clearFailures: !twoFactor,
  });
  if (proof.kind === 'held') {
    await context.emit('login_throttled', account?.id ?? null, auth, { reason: 'held' });
    return throttled(proof.retryAfterSeconds);
  }
  const remember = !!input.remember;
  const started =
    proof.kind === 'ok' &&
    (twoFactor
      ? await auth.pendingLogin.begin(proof.account, {
          remember,
          next: input.next ?? null,
          lifetime: (context.twoFactor?.pendingLifetimeMs ?? 300_000) / 1000,
        })
      : await auth.login(proof.account, { remember }));
  if (proof.kind === 'wrong' || !started) {
    // The reason stays in the audit log: the client gets one answer for all of them.
    const reason = !account
      ? 'unknown_email'
      : account.disabled
        ? 'disabled'
        : proof.kind === 'wrong'
          ? 'wrong_password'
          : 'inactive';
    await context.emit('login_failed', account?.id ?? null, auth, { reason });
    return INVALID_LOGIN;
  }
  if (twoFactor) {
    await context.emit('login_second_factor', proof.account.id, auth);
    return { ok: true, account: proof.account, secondFactorPending: true };
  }
  const current = await noteLogin(context, proof.account);
  await context.emit('login_ok', proof.account.id, auth, { detail: { remember } });
  return { ok: true, account: current, secondFactorPending: false };
}

/**
 * Checks the logged-in user's password again (and, with two-factor on, a code) and makes the
 * login fresh under a new session id; a wrong password or code counts as a failed login.
 *
 * @example const result = await reauthenticate(context, auth, { password });
 */
export async function reauthenticate(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  input: ReauthenticateInput,
): Promise<FlowResult> {
  const account = await currentAccount(context, auth);
  if (!account) return NOT_LOGGED_IN;
  const errors = passwordErrors(input.password, 'password');
  if (Object.keys(errors).length > 0) return invalid(errors);
  const twoFactor = await isTwoFactorOn(context, account.id);
  const refusal =
    (await recheckPassword(context, auth, account, input.password, 'password', {
      clearFailures: !twoFactor,
    })) ?? (twoFactor ? await checkReauthCode(context, auth, account, input.code ?? '') : null);
  if (refusal) return refusal;
  await auth.confirmLogin();
  await context.emit('reauth_ok', account.id, auth);
  return { ok: true };
}
