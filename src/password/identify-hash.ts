/** @module Recognising a stored password hash by its self-describing prefix. */
import { type ParsedArgon2Hash, parseArgon2Hash } from './argon2.js';
import { type ParsedScryptHash, parseScryptHash } from './scrypt.js';
import { parseWerkzeugHash, type WerkzeugHash } from './werkzeug.js';

/** The hash schemes this library can verify. */
export type HashScheme =
  | 'argon2id'
  | 'argon2i'
  | 'argon2d'
  | 'scrypt'
  | 'werkzeug-pbkdf2'
  | 'werkzeug-scrypt';

/** A stored hash, parsed and tagged with its scheme. */
export type StoredHash =
  | { readonly scheme: 'argon2id' | 'argon2i' | 'argon2d'; readonly argon2: ParsedArgon2Hash }
  | { readonly scheme: 'scrypt'; readonly scrypt: ParsedScryptHash }
  | { readonly scheme: 'werkzeug-pbkdf2' | 'werkzeug-scrypt'; readonly werkzeug: WerkzeugHash };

/**
 * Parses a stored hash of any supported scheme; `null` for anything else, including non-strings
 * and hashes whose costs exceed the sanity limits.
 *
 * @example
 * parseStoredHash('$scrypt$ln=17,r=8,p=1$…$…')?.scheme; // 'scrypt'
 */
export function parseStoredHash(stored: unknown): StoredHash | null {
  if (typeof stored !== 'string') return null;
  if (stored.startsWith('$argon2')) {
    const argon2 = parseArgon2Hash(stored);
    return argon2 ? { scheme: argon2.variant, argon2 } : null;
  }
  if (stored.startsWith('$scrypt$')) {
    const scrypt = parseScryptHash(stored);
    return scrypt ? { scheme: 'scrypt', scrypt } : null;
  }
  const werkzeug = parseWerkzeugHash(stored);
  if (!werkzeug) return null;
  return { scheme: werkzeug.method === 'pbkdf2' ? 'werkzeug-pbkdf2' : 'werkzeug-scrypt', werkzeug };
}

/**
 * Names the scheme of a stored hash, or `null` when this library cannot verify it.
 *
 * @example
 * identifyHash('pbkdf2:sha256:600000$salt$…'); // 'werkzeug-pbkdf2'
 * identifyHash('not a hash'); // null
 */
export function identifyHash(stored: string): HashScheme | null {
  return parseStoredHash(stored)?.scheme ?? null;
}
