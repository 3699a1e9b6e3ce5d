/**
 * @module Secrets encrypted at rest: AES-256-GCM (node:crypto) under keys derived by HKDF-SHA256
 * from the application's secret keys, each sealed value bound to what it belongs to (the
 * account) and naming the key that sealed it, so keys can rotate without a flag day.
 */
import { createCipheriv, createDecipheriv, hash, hkdfSync } from 'node:crypto';
import type { RandomSource } from '../../clock.js';
import { LatchkeyError } from '../../errors.js';

/** Seals and opens small secrets. */
export interface SecretBox {
  /** Encrypts `plain` for `context` (e.g. an account id) under the newest key. */
  seal(plain: string, context: string): string;
  /**
   * Decrypts a sealed value for `context`; `stale` when an older key sealed it (seal it again).
   * Null when it was sealed for another context, under an unknown key, or tampered with.
   */
  open(sealed: string, context: string): { readonly plain: string; readonly stale: boolean } | null;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_KEY_LENGTH = 32;
const INFO = 'latchkey/two-factor/secret-box/v1';

interface DerivedKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * A box over `keys`, newest first: it seals with the first and opens with any.
 *
 * @example const box = createSecretBox([process.env.SECRET_KEY, process.env.OLD_SECRET_KEY], randomBytes);
 */
export function createSecretBox(
  keys: readonly (string | Uint8Array)[],
  random: RandomSource,
): SecretBox {
  if (keys.length === 0) {
    throw new LatchkeyError('config_invalid', 'twoFactor.encryptionKeys needs at least one key.');
  }
  const derived = keys.map(deriveKey);
  const [current] = derived as [DerivedKey, ...DerivedKey[]];
  return {
    seal(plain, context) {
      const iv = Buffer.from(random(IV_BYTES));
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(aad(current.id, context));
      const body = Buffer.concat([
        cipher.update(plain, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return [VERSION, current.id, iv.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed, context) {
      const [version, id, ivText, bodyText, extra] = sealed.split('.');
      if (version !== VERSION || !id || !ivText || !bodyText || extra !== undefined) return null;
      const key = derived.find((candidate) => candidate.id === id);
      const iv = Buffer.from(ivText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (!key || iv.length !== IV_BYTES || body.length < TAG_BYTES) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
        decipher.setAAD(aad(id, context));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
        return { plain, stale: key !== current };
      } catch {
        // A failed tag check is tampering or the wrong context: a value, not an exception.
        return null;
      }
    },
  };
}

function deriveKey(secret: string | Uint8Array): DerivedKey {
  const input = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (input.length < MIN_KEY_LENGTH) {
    throw new LatchkeyError(
      'config_invalid',
      `Every twoFactor.encryptionKeys entry must be at least ${MIN_KEY_LENGTH} characters.`,
    );
  }
  const key = Buffer.from(hkdfSync('sha256', input, 'latchkey', INFO, 32));
  // The id names the key without revealing it: a hash of the derived key, cut short.
  return { id: hash('sha256', key, 'base64url').slice(0, 8), key };
}

function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}\0${keyId}\0${context}`, 'utf8');
}
