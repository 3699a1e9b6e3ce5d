/** @module The options of the second factor and of passkeys, resolved once into what their flows share. */
import type { Clock, RandomSource } from '../../clock.js';
import { type Duration, durationToMs } from '../../core/duration.js';
import { LatchkeyError } from '../../errors.js';
import { createSecretBox, type SecretBox } from './secret-box.js';
import type { PasskeyStore, TwoFactorStore } from './store-types.js';

/** The `twoFactor` option of the accounts service: TOTP with recovery codes. */
export interface TwoFactorOptions {
  readonly store: TwoFactorStore;
  /**
   * Keys the TOTP secrets are encrypted with (at least 32 characters each), newest first:
   * new secrets are sealed with the first, older ones still open with the rest and are sealed
   * again with the first at their next use. Usually the app's `SECRET_KEY`.
   */
  readonly encryptionKeys: string | readonly string[];
  /** Named in authenticator apps; default the service's `appName`. */
  readonly issuer?: string;
  /** How long a browser has to give the code after the password; default 5 minutes. */
  readonly pendingLifetime?: Duration;
}

/** The `passkeys` option of the accounts service. */
export interface PasskeyOptions {
  readonly store: PasskeyStore;
  /** Shown by the browser when it asks to use a passkey; default the service's `appName`. */
  readonly rpName?: string;
}

/** The resolved `twoFactor` option. */
export interface TwoFactorContext {
  readonly store: TwoFactorStore;
  readonly box: SecretBox;
  readonly issuer: string;
  readonly pendingLifetimeMs: number;
  readonly random: RandomSource;
  readonly clock: Clock;
}

/** The resolved `passkeys` option: the relying party is the public URL's host and origin. */
export interface PasskeyContext {
  readonly store: PasskeyStore;
  readonly rpName: string;
  readonly rpId: string;
  readonly origin: string;
  readonly random: RandomSource;
  readonly clock: Clock;
}

/**
 * Resolves `twoFactor`; null when the option is absent.
 *
 * @example const twoFactor = resolveTwoFactor(options.twoFactor, 'Latchkey', randomBytes, Date.now);
 */
export function resolveTwoFactor(
  options: TwoFactorOptions | undefined,
  appName: string,
  random: RandomSource,
  clock: Clock,
): TwoFactorContext | null {
  if (!options) return null;
  const keys =
    typeof options.encryptionKeys === 'string' ? [options.encryptionKeys] : options.encryptionKeys;
  return Object.freeze({
    store: options.store,
    box: createSecretBox(keys, random),
    issuer: options.issuer ?? appName,
    pendingLifetimeMs: durationToMs(
      options.pendingLifetime ?? { minutes: 5 },
      'twoFactor.pendingLifetime',
    ),
    random,
    clock,
  });
}

/**
 * Resolves `passkeys`; null when absent. Throws `config_invalid` unless the public URL is an
 * origin WebAuthn accepts (https, or http on localhost).
 *
 * @example const passkeys = resolvePasskeys(options.passkeys, 'https://example.com', 'Latchkey', randomBytes, Date.now);
 */
export function resolvePasskeys(
  options: PasskeyOptions | undefined,
  publicUrl: string,
  appName: string,
  random: RandomSource,
  clock: Clock,
): PasskeyContext | null {
  if (!options) return null;
  const url = URL.parse(publicUrl);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new LatchkeyError(
      'config_invalid',
      `passkeys need an http(s) publicUrl, got ${publicUrl}`,
    );
  }
  return Object.freeze({
    store: options.store,
    rpName: options.rpName ?? appName,
    rpId: url.hostname,
    origin: url.origin,
    random,
    clock,
  });
}

/**
 * Throws `config_invalid` for a flow whose option was not given.
 *
 * @example const twoFactor = required(context.twoFactor, 'twoFactor');
 */
export function required<T>(value: T | null, option: 'twoFactor' | 'passkeys'): T {
  if (value === null) {
    throw new LatchkeyError(
      'config_invalid',
      `This flow needs the accounts service's ${option} option.`,
    );
  }
  return value;
}
