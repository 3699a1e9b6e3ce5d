/** @module Flask-Login's `payload|hmac` remember cookie, read only to migrate old logins. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { LatchkeyError } from '../errors.js';

/** A signing key: a string is taken as Latin-1, as Flask-Login encodes `SECRET_KEY`. */
export type LegacyCookieKey = string | Uint8Array;

const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/**
 * Signs a payload the way Flask-Login's `encode_cookie` does: `payload|hex(HMAC-SHA512)`.
 *
 * @example
 * encodeLegacyCookie('1', 'secret'); // '1|a3f…'
 */
export function encodeLegacyCookie(payload: string, key: LegacyCookieKey): string {
  const bytes = keyBytes(key);
  if (bytes === null) {
    throw new LatchkeyError('config_invalid', 'A string legacy cookie key must be Latin-1.');
  }
  return `${payload}|${digest(payload, bytes)}`;
}

/**
 * Returns the payload of a cookie signed by any of the keys, or null; never throws.
 *
 * @example
 * decodeLegacyCookie(cookieValue, [currentSecret, previousSecret]); // '1' or null
 */
export function decodeLegacyCookie(
  cookie: unknown,
  key: LegacyCookieKey | readonly LegacyCookieKey[],
): string | null {
  try {
    if (typeof cookie !== 'string') return null;
    const separator = cookie.lastIndexOf('|');
    if (separator === -1) return null;
    const payload = cookie.slice(0, separator);
    const given = Buffer.from(cookie.slice(separator + 1), 'utf8');
    const keys: readonly LegacyCookieKey[] = Array.isArray(key) ? key : [key as LegacyCookieKey];
    let valid = false;
    // Every key is tried, so the time taken does not reveal which one matched.
    for (const candidate of keys) {
      const bytes = keyBytes(candidate);
      if (bytes === null) continue;
      const expected = Buffer.from(digest(payload, bytes), 'utf8');
      if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
    }
    return valid ? payload : null;
  } catch {
    return null;
  }
}

function keyBytes(key: LegacyCookieKey): Uint8Array | null {
  if (typeof key !== 'string') return key instanceof Uint8Array ? key : null;
  // Python's str.encode('latin1') refuses these; Buffer would silently truncate them.
  return BEYOND_LATIN1.test(key) ? null : Buffer.from(key, 'latin1');
}

function digest(payload: string, key: Uint8Array): string {
  return createHmac('sha512', key).update(payload, 'utf8').digest('hex');
}
