/**
 * @module Two-factor flows: set up TOTP (a new secret shown, confirmed by a first code, recovery
 * codes shown once), finish a login pending its code, make new recovery codes, turn it off.
 */
import type { AccountsContext, ChangeScope } from '../context.js';
import { currentAccount, invalid, NOT_LOGGED_IN, noteLogin, throttled } from '../flow-support.js';
import { required, type TwoFactorContext } from './options.js';
import { isTwoFactorOn, proveSecondFactor } from './prove.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import type { TwoFactorService } from './services.js';
import { SETUP_KEY, setupSecrets, showSetup, startSetup } from './setup-state.js';
import type { TwoFactorStore } from './store-types.js';
import { normalizeTotpCode, totpStep } from './totp.js';

const WRONG_CODE = 'That code is not right. Try again with the current code.';
const NOT_ON = 'Two-factor authentication is not on for this account.';

/**
 * The two-factor flows over the accounts context; each throws `config_invalid` without the
 * `twoFactor` option.
 *
 * @example const twoFactor = createTwoFactorService(context);
 */
export function createTwoFactorService(context: AccountsContext): TwoFactorService {
  const options = (): TwoFactorContext => required(context.twoFactor, 'twoFactor');
  /** The two-factor store a change writes through. */
  const storeOf = (tx: ChangeScope): TwoFactorStore => required(tx.twoFactor, 'twoFactor');

  async function issueCodes(accountId: string): Promise<{ codes: string[]; hashes: string[] }> {
    const codes = newRecoveryCodes(options().random);
    return { codes, hashes: codes.map((code) => hashRecoveryCode(accountId, code)) };
  }

  return {
    async status(accountId) {
      const { store } = options();
      const record = await store.totp(accountId);
      return {
        enabled: record !== null,
        enabledAt: record?.enabledAt ?? null,
        recoveryCodesLeft: record ? await store.recoveryCodesLeft(accountId) : 0,
      };
    },

    async beginSetup(auth) {
      const account = await currentAccount(context, auth);
      return account && startSetup(options(), auth, account);
    },

    async currentSetup(auth) {
      const account = await currentAccount(context, auth);
      if (!account) return null;
      const [latest] = await setupSecrets(options(), auth, account, context.clock());
      return latest === undefined ? null : showSetup(options(), account, latest);
    },

    async confirmSetup(auth, input) {
      const twoFactor = options();
      const account = await currentAccount(context, auth);
      if (!account) return NOT_LOGGED_IN;
      if (normalizeTotpCode(input.code) === null) {
        return invalid({ code: 'Enter the 6-digit code your app shows.' });
      }
      const now = context.clock();
      for (const secret of await setupSecrets(twoFactor, auth, account, now)) {
        const step = totpStep(secret, input.code, now);
        if (step === null) continue;
        const { codes, hashes } = await issueCodes(account.id);
        await context.change(async (tx) => {
          await storeOf(tx).enable(account.id, {
            sealedSecret: twoFactor.box.seal(secret, account.id),
            enabledAt: now,
            lastStep: step,
            recoveryCodeHashes: hashes,
          });
          await tx.emit('two_factor_enabled', account.id, auth);
        });
        await auth.setSessionData({ [SETUP_KEY]: null });
        // A new factor is a privilege change: the session moves to a new id.
        await auth.renewSession();
        context.mail.notice('two-factor-enabled', account.email);
        return { ok: true, recoveryCodes: codes };
      }
      return invalid({ code: WRONG_CODE });
    },

    async completeLogin(auth, input) {
      const twoFactor = options();
      const pending = await auth.pendingLogin.current();
      if (!pending) return { ok: false, reason: 'not_pending' };
      const account = await context.store.byId(pending.userId);
      if (!account || account.disabled) {
        await auth.pendingLogin.cancel();
        return { ok: false, reason: 'not_pending' };
      }
      const address = auth.clientAddress;
      const proof = await proveSecondFactor(context, twoFactor, account, input.code, address);
      if (proof.kind === 'held') {
        await context.emit('login_throttled', account.id, address);
        return throttled(proof.retryAfterSeconds);
      }
      if (proof.kind === 'wrong') {
        auth.pendingLogin.reject({ userId: account.id, method: proof.method ?? 'unknown' });
        await context.emit('two_factor_failed', account.id, address);
        return invalid({ code: WRONG_CODE });
      }
      const done = await auth.pendingLogin.complete({ userId: account.id, method: proof.method });
      if (!done) return { ok: false, reason: 'not_pending' };
      const current = await noteLogin(context, account);
      await context.emit('login_ok', account.id, address);
      return { ok: true, account: current, next: done.next, method: proof.method };
    },

    async regenerateRecoveryCodes(auth) {
      options();
      const account = await currentAccount(context, auth);
      if (!account) return NOT_LOGGED_IN;
      if (!(await isTwoFactorOn(context, account.id))) return invalid({ form: NOT_ON });
      const { codes, hashes } = await issueCodes(account.id);
      await context.change(async (tx) => {
        await storeOf(tx).replaceRecoveryCodes(account.id, hashes, context.clock());
        await tx.emit('recovery_codes_generated', account.id, auth);
      });
      context.mail.notice('recovery-codes-new', account.email);
      return { ok: true, recoveryCodes: codes };
    },

    async disable(auth, input) {
      const twoFactor = options();
      const account = await currentAccount(context, auth);
      if (!account) return NOT_LOGGED_IN;
      if (!(await isTwoFactorOn(context, account.id))) return invalid({ form: NOT_ON });
      const address = auth.clientAddress;
      const proof = await proveSecondFactor(context, twoFactor, account, input.code, address);
      if (proof.kind === 'held') return throttled(proof.retryAfterSeconds);
      if (proof.kind === 'wrong') {
        await context.emit('two_factor_failed', account.id, address);
        return invalid({ code: WRONG_CODE });
      }
      await context.change(async (tx) => {
        if (await storeOf(tx).disable(account.id)) {
          await tx.emit('two_factor_disabled', account.id, address);
        }
      });
      context.mail.notice('two-factor-disabled', account.email);
      return { ok: true };
    },
  };
}
