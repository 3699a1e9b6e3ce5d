/** @module The code a two-factor account gives with its password to make a login fresh again. */
import type { RequestAuth } from '../../core/request-auth.js';
import type { AccountsContext } from '../context.js';
import { invalid, throttled } from '../flow-support.js';
import type { Account, Refusal } from '../types.js';
import { proveSecondFactor } from './prove.js';

/**
 * Null when `code` proves the second factor, else the refusal (the error on `code`); a wrong
 * code counts as a failed login, as a wrong password does.
 *
 * @example const refusal = await checkReauthCode(context, auth, account, input.code ?? '');
 */
export async function checkReauthCode(
  context: AccountsContext,
  auth: RequestAuth<Account>,
  account: Account,
  code: string,
): Promise<Refusal | null> {
  const twoFactor = context.twoFactor;
  if (!twoFactor) return null;
  if (code.trim() === '') return invalid({ code: 'Enter the code from your authenticator app.' });
  const address = auth.clientAddress;
  const proof = await proveSecondFactor(context, twoFactor, account, code, address);
  if (proof.kind === 'held') {
    await context.emit('login_throttled', account.id, address);
    return throttled(proof.retryAfterSeconds);
  }
  if (proof.kind === 'wrong') {
    auth.pendingLogin.reject({ userId: account.id, method: proof.method ?? 'unknown' });
    await context.emit('reauth_failed', account.id, address);
    return invalid({ code: 'That code is not right. Try again with the current code.' });
  }
  return null;
}
