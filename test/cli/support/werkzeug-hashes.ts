/**
 * @module Password hashes made exactly as werkzeug's `generate_password_hash` makes them, with
 * node:crypto: a 16-character salt of letters and digits used as its UTF-8 text, the derived key
 * in hex, the method and its parameters in front.
 */
import { pbkdf2Sync, randomInt, scryptSync } from 'node:crypto';

const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DIGEST_BYTES = { sha1: 20, sha256: 32, sha512: 64 } as const;

/** werkzeug's `gen_salt(16)`. */
export function werkzeugSalt(length = 16): string {
  let salt = '';
  for (let i = 0; i < length; i += 1) salt += SALT_CHARS[randomInt(SALT_CHARS.length)];
  return salt;
}

/**
 * `generate_password_hash(password, 'pbkdf2:<digest>:<iterations>')`.
 *
 * @example werkzeugPbkdf2('pw', { iterations: 600_000 }) // 'pbkdf2:sha256:600000$…$…'
 */
export function werkzeugPbkdf2(
  password: string,
  options: { salt?: string; iterations?: number; digest?: keyof typeof DIGEST_BYTES } = {},
): string {
  const { salt = werkzeugSalt(), iterations = 600_000, digest = 'sha256' } = options;
  const key = pbkdf2Sync(password, salt, iterations, DIGEST_BYTES[digest], digest);
  return `pbkdf2:${digest}:${iterations}$${salt}$${key.toString('hex')}`;
}

/**
 * `generate_password_hash(password, 'scrypt:<N>:<r>:<p>')`, werkzeug 3's default method.
 *
 * @example werkzeugScrypt('pw') // 'scrypt:32768:8:1$…$…'
 */
export function werkzeugScrypt(
  password: string,
  options: { salt?: string; N?: number; r?: number; p?: number } = {},
): string {
  const { salt = werkzeugSalt(), N = 32_768, r = 8, p = 1 } = options;
  // hashlib.scrypt's maxmem is set by werkzeug to 132 * N * r * p, enough for these costs.
  const key = scryptSync(password, salt, 64, { N, r, p, maxmem: 132 * N * r * p });
  return `scrypt:${N}:${r}:${p}$${salt}$${key.toString('hex')}`;
}
