/**
 * @module TOTP as authenticator apps expect it (RFC 6238: SHA-1, 6 digits, 30-second steps,
 * one step of drift either way) through `otpauth`, with 160-bit secrets from the injected
 * randomness and QR codes of the `otpauth://` URI as SVG through `qrcode`.
 */
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { RandomSource } from '../../clock.js';

/** 20 bytes: the 160 bits RFC 4226 recommends, 32 base32 characters. */
const SECRET_BYTES = 20;
const PERIOD_SECONDS = 30;
const DRIFT_STEPS = 1;
const CODE = /^\d{6}$/;

/** What an authenticator app is shown. */
export interface TotpEnrolment {
  /** The secret in base32, as typed into an app by hand. */
  readonly secret: string;
  /** The `otpauth://totp/…` URI the QR code holds. */
  readonly uri: string;
}

/**
 * A new secret and its URI, naming the account as `issuer:label`.
 *
 * @example const { secret, uri } = newTotpEnrolment(randomBytes, { issuer: 'Latchkey', label: 'ada@example.com' });
 */
export function newTotpEnrolment(
  random: RandomSource,
  names: { readonly issuer: string; readonly label: string },
): TotpEnrolment {
  const secret = new Secret({ buffer: Uint8Array.from(random(SECRET_BYTES)).buffer });
  return { secret: secret.base32, uri: totpUri(secret.base32, names) };
}

/**
 * The `otpauth://totp/issuer:label?…` URI of a secret, as authenticator apps scan it.
 *
 * @example totpUri(secret, { issuer: 'Latchkey', label: 'ada@example.com' })
 */
export function totpUri(
  secret: string,
  names: { readonly issuer: string; readonly label: string },
): string {
  return totpFor(secret, names).toString();
}

/**
 * The time step a code is good for at `now` (±1 step), or null: a malformed or wrong code.
 *
 * @example const step = totpStep(secret, '123456', Date.now()); if (step !== null) …
 */
export function totpStep(secret: string, code: string, now: number): number | null {
  const token = normalizeTotpCode(code);
  if (token === null) return null;
  const totp = totpFor(secret, { issuer: '', label: '' });
  const delta = totp.validate({ token, timestamp: now, window: DRIFT_STEPS });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}

/**
 * The code for `now`: for tests and for showing what an app would show.
 *
 * @example totpCode('JBSWY3DPEHPK3PXP', Date.now()) // '492039'
 */
export function totpCode(secret: string, now: number): string {
  return totpFor(secret, { issuer: '', label: '' }).generate({ timestamp: now });
}

/** Six digits once spaces are dropped (apps show `123 456`), else null. */
export function normalizeTotpCode(code: string): string | null {
  const token = code.replace(/[\s-]/g, '');
  return CODE.test(token) ? token : null;
}

/**
 * The URI as a QR code, an SVG document.
 *
 * @example const svg = await totpQrSvg(uri);
 */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

function totpFor(secret: string, names: { readonly issuer: string; readonly label: string }): TOTP {
  return new TOTP({
    issuer: names.issuer,
    label: names.label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}
