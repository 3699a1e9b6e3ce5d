/** @module scrypt via node:crypto: the dependency-free alternative, stored as a PHC-style string. */
import { scrypt, timingSafeEqual } from 'node:crypto';
import { type RandomSource, systemRandom } from '../clock.js';
import { LatchkeyError } from '../errors.js';

/** scrypt cost parameters; `ln` is log2 of N, as in the PHC string's `ln=`. */
export interface ScryptParams {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's recommended scrypt configuration: N = 2^17, r = 8, p = 1 (128 MiB). */
export const OWASP_SCRYPT: ScryptParams = Object.freeze({ ln: 17, r: 8, p: 1 });

/** What a stored `$scrypt$` string holds. */
export interface ParsedScryptHash extends ScryptParams {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Sanity limits for stored hashes, so a corrupt row cannot make a login allocate gigabytes.
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;
const MAX_SCRYPT_P = 16;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/**
 * True when scrypt at N, r, p stays within the memory and work this library is willing to spend.
 *
 * @example
 * scryptCostIsSane(2 ** 17, 8, 1); // true
 */
export function scryptCostIsSane(N: number, r: number, p: number): boolean {
  return (
    Number.isSafeInteger(N) &&
    N > 1 &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= MAX_SCRYPT_P &&
    128 * N * r <= MAX_SCRYPT_MEMORY
  );
}

/**
 * Derives `keyLength` bytes with scrypt on libuv's thread pool, raising `maxmem` to what N, r, p need.
 *
 * @example
 * await deriveScrypt(Buffer.from('pw'), salt, 32, { N: 2 ** 17, r: 8, p: 1 });
 */
export function deriveScrypt(
  password: Uint8Array,
  salt: Uint8Array,
  keyLength: number,
  cost: { readonly N: number; readonly r: number; readonly p: number },
): Promise<Buffer> {
  const { N, r, p } = cost;
  // OpenSSL refuses to run when its V and B buffers (128·r·(N + 2) and 128·r·p bytes) exceed maxmem,
  // and node's 32 MiB default is far below N = 2^17; add a little headroom on top.
  const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { N, r, p, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * Fills in OWASP defaults and refuses N below 2^17, r below 8, or costs beyond the sanity limits.
 *
 * @example
 * resolveScryptParams({ ln: 18 }); // { ln: 18, r: 8, p: 1 }
 */
export function resolveScryptParams(params: Partial<ScryptParams> = {}): ScryptParams {
  const { ln, r, p } = { ...OWASP_SCRYPT, ...params };
  if (
    !Number.isInteger(ln) ||
    ln < OWASP_SCRYPT.ln ||
    r < OWASP_SCRYPT.r ||
    !scryptCostIsSane(2 ** ln, r, p)
  ) {
    throw new LatchkeyError(
      'config_invalid',
      `scrypt parameters ln=${ln},r=${r},p=${p} are below OWASP's minimum (ln >= 17, r >= 8) ` +
        'or above the sanity limits (128·N·r <= 1 GiB, p <= 16)',
    );
  }
  return Object.freeze({ ln, r, p });
}

/**
 * Hashes an (already normalised) password with scrypt into `$scrypt$ln=…,r=…,p=…$<salt>$<hash>`,
 * both in unpadded standard base64 as PHC strings use.
 *
 * @example
 * await hashScrypt('correct horse battery staple', OWASP_SCRYPT); // '$scrypt$ln=17,r=8,p=1$…$…'
 */
export async function hashScrypt(
  password: string,
  params: ScryptParams,
  random: RandomSource = systemRandom,
): Promise<string> {
  const salt = Buffer.from(random(SALT_BYTES));
  const key = await deriveScrypt(Buffer.from(password, 'utf8'), salt, KEY_BYTES, {
    N: 2 ** params.ln,
    r: params.r,
    p: params.p,
  });
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${toB64(salt)}$${toB64(key)}`;
}

/**
 * Reads a `$scrypt$` PHC string; `null` when it is malformed or its costs exceed the sanity limits.
 *
 * @example
 * parseScryptHash('$scrypt$ln=17,r=8,p=1$…$…')?.ln; // 17
 */
export function parseScryptHash(stored: string): ParsedScryptHash | null {
  const match = PHC.exec(stored);
  if (!match) return null;
  const [, lnText, rText, pText, saltText, hashText] = match;
  const ln = Number(lnText);
  const r = Number(rText);
  const p = Number(pText);
  const salt = fromB64(saltText);
  const hash = fromB64(hashText);
  if (!salt || !hash || salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  if (!scryptCostIsSane(2 ** ln, r, p)) return null;
  return { ln, r, p, salt, hash };
}

/**
 * Checks an (already normalised) password against a parsed scrypt hash in constant time.
 *
 * @example
 * await verifyScrypt(parsed, 'correct horse battery staple'); // true
 */
export async function verifyScrypt(parsed: ParsedScryptHash, password: string): Promise<boolean> {
  const key = await deriveScrypt(Buffer.from(password, 'utf8'), parsed.salt, parsed.hash.length, {
    N: 2 ** parsed.ln,
    r: parsed.r,
    p: parsed.p,
  });
  return timingSafeEqual(key, parsed.hash);
}

/**
 * True when a parsed scrypt hash is weaker than `params` in any dimension.
 *
 * @example
 * scryptNeedsRehash(parsed, OWASP_SCRYPT);
 */
export function scryptNeedsRehash(parsed: ParsedScryptHash, params: ScryptParams): boolean {
  return (
    parsed.ln < params.ln ||
    parsed.r < params.r ||
    parsed.p < params.p ||
    parsed.salt.length < SALT_BYTES ||
    parsed.hash.length < KEY_BYTES
  );
}

function toB64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

function fromB64(text: string | undefined): Buffer | null {
  // A length of 1 mod 4 cannot come from any byte string; node would silently drop the stray character.
  if (text === undefined || text.length % 4 === 1) return null;
  return Buffer.from(text, 'base64');
}
