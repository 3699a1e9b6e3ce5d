/** @module Password normalisation (NFKC) and the length measures the policy and hashers share. */

/** The longest password, in UTF-8 bytes after NFKC, that is ever hashed; longer ones are refused before any work. */
export const MAX_PASSWORD_BYTES = 1024;

/**
 * Normalises a password to NFKC so that the same password typed on different keyboards or input
 * methods (full-width letters, ligatures, composed accents) hashes the same.
 *
 * @example
 * normalizePassword('ﬁne'); // 'fine'
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Counts Unicode code points, so an emoji outside the BMP counts as one character, not two.
 *
 * @example
 * codePointLength('a😀'); // 2
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Counts the bytes of the UTF-8 encoding, which is what the hash functions consume.
 *
 * @example
 * utf8ByteLength('é'); // 2
 */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
