/**
 * @module The second factor's and passkeys' service interfaces and the answers of their flows,
 * as `accounts.twoFactor` and `accounts.passkeys` offer them.
 */
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { RequestAuth } from '../../core/request-auth.js';
import type { Account, AccountResult, FlowResult, Refusal } from '../types.js';
import type { SecondFactorMethod } from './prove-types.js';
import type { SetupShown } from './setup-state.js';

/** An account's two-factor state, for its pages. */
export interface TwoFactorStatus {
  readonly enabled: boolean;
  readonly enabledAt: number | null;
  readonly recoveryCodesLeft: number;
}

/** New recovery codes, to show this once. */
export type RecoveryCodesResult =
  | { readonly ok: true; readonly recoveryCodes: readonly string[] }
  | Refusal;

/** The answer to a code for a pending login. */
export type SecondFactorLoginResult =
  | {
      readonly ok: true;
      readonly account: Account;
      /** The page the password step meant to go to. */
      readonly next: string | null;
      readonly method: SecondFactorMethod;
    }
  /** No pending login in this browser (none, expired or used): start again at the password. */
  | { readonly ok: false; readonly reason: 'not_pending' }
  | Refusal;

/**
 * TOTP and recovery codes, as `accounts.twoFactor`.
 *
 * @example const setup = await accounts.twoFactor.beginSetup(auth); // { secret, uri, qrSvg }
 */
export interface TwoFactorService {
  status(accountId: string): Promise<TwoFactorStatus>;
  /** A new secret for the logged-in account (kept, sealed, in its session until confirmed). */
  beginSetup(auth: RequestAuth<Account>): Promise<SetupShown | null>;
  /** The latest secret shown and not yet confirmed, to show again beside a form error. */
  currentSetup(auth: RequestAuth<Account>): Promise<SetupShown | null>;
  /** A code for a secret shown turns two-factor on; the answer holds the 10 recovery codes. */
  confirmSetup(
    auth: RequestAuth<Account>,
    input: { readonly code: string },
  ): Promise<RecoveryCodesResult>;
  /** A TOTP or recovery code for this browser's pending login: a full, fresh login on success. */
  completeLogin(
    auth: RequestAuth<Account>,
    input: { readonly code: string },
  ): Promise<SecondFactorLoginResult>;
  /** Replaces every recovery code with 10 new ones. */
  regenerateRecoveryCodes(auth: RequestAuth<Account>): Promise<RecoveryCodesResult>;
  /** Turns two-factor off after a current code (or a recovery code). */
  disable(auth: RequestAuth<Account>, input: { readonly code: string }): Promise<FlowResult>;
}

/** What a page may show of a passkey. */
export interface PasskeyInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly backedUp: boolean;
}

/** The answer to a registration. */
export type PasskeyResult = { readonly ok: true; readonly passkey: PasskeyInfo } | Refusal;

/**
 * Passkeys, as `accounts.passkeys`. The `response` inputs are what `@simplewebauthn/browser`'s
 * `startRegistration` / `startAuthentication` answered, parsed from JSON; anything else is
 * refused as a value.
 *
 * @example const options = await accounts.passkeys.authenticationOptions(auth);
 */
export interface PasskeyService {
  list(accountId: string): Promise<PasskeyInfo[]>;
  /** Options for `startRegistration`, for the logged-in account; null when nobody is. */
  registrationOptions(
    auth: RequestAuth<Account>,
  ): Promise<PublicKeyCredentialCreationOptionsJSON | null>;
  /** Verifies and stores a new passkey under `name`. */
  register(
    auth: RequestAuth<Account>,
    input: { readonly response: unknown; readonly name: string },
  ): Promise<PasskeyResult>;
  /** Options for `startAuthentication` (any discoverable passkey of this site). */
  authenticationOptions(auth: RequestAuth<Account>): Promise<PublicKeyCredentialRequestOptionsJSON>;
  /** Verifies an assertion and logs its account in (fresh, a new session id). */
  authenticate(
    auth: RequestAuth<Account>,
    input: { readonly response: unknown },
  ): Promise<AccountResult>;
  /** Removes one of the logged-in account's passkeys; false when it has no such passkey. */
  remove(auth: RequestAuth<Account>, id: string): Promise<boolean>;
}
