/**
 * @module Proving the second factor: a current TOTP code (each step accepted once) or an unused
 * recovery code, under the same per-account throttle as passwords.
 */
import type { AccountsContext } from '../context.js';
import type { Account } from '../types.js';
import type { TwoFactorContext } from './options.js';
import type { SecondFactorMethod } from './prove-types.js';
import { hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes.js';
import { normalizeTotpCode, totpStep } from './totp.js';

/** The outcome of {@link proveSecondFactor}. */
export type SecondFactorProof =
  | { readonly kind: 'ok'; readonly method: SecondFactorMethod }
  | { readonly kind: 'wrong'; readonly method: SecondFactorMethod | null }
  | { readonly kind: 'held'; readonly retryAfterSeconds: number };

/**
 * Whether the account has two-factor on.
 *
 * @example if (await isTwoFactorOn(context, account.id)) …
 */
export async function isTwoFactorOn(context: AccountsContext, accountId: string): Promise<boolean> {
  return context.twoFactor !== null && (await context.twoFactor.store.totp(accountId)) !== null;
}

/**
 * Checks `code` for the account: refused while the account or address is held; a wrong code
 * counts as a failed login; a right one clears the account's failures, and a recovery code
 * used up mails a notice.
 *
 * @example const proof = await proveSecondFactor(context, twoFactor, account, code, auth.clientAddress);
 */
export async function proveSecondFactor(
  context: AccountsContext,
  twoFactor: TwoFactorContext,
  account: Account,
  code: string,
  address: string | null,
): Promise<SecondFactorProof> {
  const held =
    (await context.throttle.loginHold(account.email, address)) ??
    (await context.throttle.takeCodeAttempt(account.email));
  if (held !== null) return { kind: 'held', retryAfterSeconds: held };
  const method = await check(context, twoFactor, account, code);
  if (method === null || method.kind === 'wrong') {
    await context.throttle.recordFailure(account.email, address);
    return { kind: 'wrong', method: method?.method ?? null };
  }
  await context.throttle.clearFailures(account.email);
  if (method.method === 'recovery_code') {
    context.mail.notice('recovery-code-used', account.email);
    await context.emit('recovery_code_used', account.id, address);
  }
  return { kind: 'ok', method: method.method };
}

async function check(
  context: AccountsContext,
  twoFactor: TwoFactorContext,
  account: Account,
  code: string,
): Promise<{ kind: 'ok' | 'wrong'; method: SecondFactorMethod } | null> {
  const { store, box } = twoFactor;
  if (normalizeTotpCode(code) !== null) {
    const record = await store.totp(account.id);
    const opened = record && box.open(record.sealedSecret, account.id);
    if (!record || !opened) return { kind: 'wrong', method: 'totp' };
    const step = totpStep(opened.plain, code, context.clock());
    if (step === null || !(await store.useStep(account.id, step))) {
      return { kind: 'wrong', method: 'totp' };
    }
    if (opened.stale) {
      await store.reseal(account.id, record.sealedSecret, box.seal(opened.plain, account.id));
    }
    return { kind: 'ok', method: 'totp' };
  }
  const recovery = normalizeRecoveryCode(code);
  if (recovery === null) return null;
  const used = await store.useRecoveryCode(
    account.id,
    hashRecoveryCode(account.id, recovery),
    context.clock(),
  );
  return { kind: used ? 'ok' : 'wrong', method: 'recovery_code' };
}
