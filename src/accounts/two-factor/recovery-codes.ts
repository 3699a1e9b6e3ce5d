/**
 * @module Recovery codes: 10 per set, 60 random bits each (12 characters of a 32-letter
 * alphabet without look-alikes), shown once and stored only as SHA-256 hashes.
 *
 * A plain SHA-256 is enough here, unlike for passwords: a code is 60 bits from the CSPRNG, so
 * even a leaked table of hashes leaves 2^60 guesses per code, far out of reach, whereas a
 * person's password needs a slow hash because it is guessable. The hash is salted with the
 * account id, so one table of guesses never serves two accounts, and online guessing goes
 * through the same per-account throttle as passwords.
 */
import { hash } from 'node:crypto';
import type { RandomSource } from '../../clock.js';

/** How many codes one set has. */
export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 in lower case: no i, l, o, u. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 12;

/**
 * A new set of codes, formatted for people as `xxxx-xxxx-xxxx`.
 *
 * @example const codes = newRecoveryCodes(randomBytes); // 10 codes
 */
export function newRecoveryCodes(random: RandomSource): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    // 256 is a multiple of 32, so `byte % 32` is uniform.
    const letters = [...random(LENGTH)].map((byte) => ALPHABET[byte % 32]).join('');
    return `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8)}`;
  });
}

/**
 * A typed code in its canonical form (case, spaces and dashes ignored; look-alikes read as
 * the letter meant), or null when it cannot be a recovery code.
 *
 * @example normalizeRecoveryCode(' ABCD-EFGH-JKMN ') // 'abcdefghjkmn'
 */
export function normalizeRecoveryCode(code: string): string | null {
  const letters = code.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  if (letters.length !== LENGTH) return null;
  return [...letters].every((letter) => ALPHABET.includes(letter)) ? letters : null;
}

/**
 * What the store keeps for a code of an account: base64url SHA-256, salted with the account.
 *
 * @example await store.replaceRecoveryCodes(id, codes.map((c) => hashRecoveryCode(id, c)), now);
 */
export function hashRecoveryCode(accountId: string, code: string): string {
  const canonical = normalizeRecoveryCode(code) ?? code;
  return hash('sha256', `latchkey-recovery\0${accountId}\0${canonical}`, 'base64url');
}
