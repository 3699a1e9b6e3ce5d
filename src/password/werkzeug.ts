/**
 * @module Verification of werkzeug's `generate_password_hash` strings, so users migrated from
 * Flask applications can log in and be rehashed.
 */
import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { deriveScrypt, scryptCostIsSane } from './scrypt.js';

/** A parsed werkzeug hash: `pbkdf2:<digest>:<iterations>$<salt>$<hex>` or `scrypt:<N>:<r>:<p>$<salt>$<hex>`. */
export type WerkzeugHash =
  | {
      readonly method: 'pbkdf2';
      readonly digest: WerkzeugDigest;
      readonly iterations: number;
      readonly salt: string;
      readonly expected: Buffer;
    }
  | {
      readonly method: 'scrypt';
      readonly N: number;
      readonly r: number;
      readonly p: number;
      readonly salt: string;
      readonly expected: Buffer;
    };

/** The hashlib digests werkzeug's pbkdf2 is commonly configured with. */
export type WerkzeugDigest = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

// hashlib.pbkdf2_hmac's default dklen is the digest size.
const DIGEST_BYTES: Readonly<Record<WerkzeugDigest, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};
// hashlib.scrypt's default dklen.
const SCRYPT_KEY_BYTES = 64;
// werkzeug's scrypt defaults when the method is plain `scrypt`; they have not changed since it was added.
const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1 };
// werkzeug 3.1 uses 1,000,000; ten times that still finishes, a corrupt row with more does not.
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const DECIMAL = /^[1-9]\d{0,9}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;

/**
 * Reads a werkzeug hash; `null` when it is malformed, uses an unsupported digest or exceeds the
 * sanity limits. pbkdf2 hashes must name their iteration count (werkzeug always writes it; the
 * implicit default has changed between versions).
 *
 * @example
 * parseWerkzeugHash('pbkdf2:sha256:600000$mVxd…$22cc…')?.iterations; // 600000
 */
export function parseWerkzeugHash(stored: string): WerkzeugHash | null {
  const parts = stored.split('$');
  if (parts.length !== 3) return null;
  const [method = '', salt = '', hex = ''] = parts;
  if (salt === '' || !HEX.test(hex)) return null;
  const expected = Buffer.from(hex, 'hex');
  const [name, ...args] = method.split(':');

  if (name === 'pbkdf2') {
    const [digest, iterationText] = args;
    if (args.length !== 2 || !isDigest(digest) || !iterationText || !DECIMAL.test(iterationText)) {
      return null;
    }
    const iterations = Number(iterationText);
    if (iterations > MAX_PBKDF2_ITERATIONS || expected.length !== DIGEST_BYTES[digest]) return null;
    return { method: 'pbkdf2', digest, iterations, salt, expected };
  }

  if (name === 'scrypt') {
    if (args.length !== 0 && args.length !== 3) return null;
    if (!args.every((arg) => DECIMAL.test(arg))) return null;
    const [N, r, p] =
      args.length === 0
        ? [SCRYPT_DEFAULTS.N, SCRYPT_DEFAULTS.r, SCRYPT_DEFAULTS.p]
        : args.map(Number);
    if (N === undefined || r === undefined || p === undefined) return null;
    if (!scryptCostIsSane(N, r, p) || expected.length !== SCRYPT_KEY_BYTES) return null;
    return { method: 'scrypt', N, r, p, salt, expected };
  }

  return null;
}

/**
 * Checks a password against a parsed werkzeug hash exactly as werkzeug's `check_password_hash`
 * does: the salt is used as its UTF-8 text (not decoded) and the password is not normalised,
 * because werkzeug hashed it as typed.
 *
 * @example
 * await verifyWerkzeugHash(parsed, 'correct horse battery staple'); // true
 */
export async function verifyWerkzeugHash(parsed: WerkzeugHash, password: string): Promise<boolean> {
  const passwordBytes = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(parsed.salt, 'utf8');
  const key =
    parsed.method === 'pbkdf2'
      ? await derivePbkdf2(passwordBytes, saltBytes, parsed.iterations, parsed.digest)
      : await deriveScrypt(passwordBytes, saltBytes, SCRYPT_KEY_BYTES, parsed);
  return key.length === parsed.expected.length && timingSafeEqual(key, parsed.expected);
}

function derivePbkdf2(
  password: Buffer,
  salt: Buffer,
  iterations: number,
  digest: WerkzeugDigest,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, DIGEST_BYTES[digest], digest, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

function isDigest(value: string | undefined): value is WerkzeugDigest {
  return value !== undefined && Object.hasOwn(DIGEST_BYTES, value);
}
