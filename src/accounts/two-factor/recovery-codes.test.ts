import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.js';

describe('recovery codes', () => {
  it('a set is 10 distinct codes of 12 letters from a 32-letter alphabet (60 bits each)', () => {
    const codes = newRecoveryCodes((size) => randomBytes(size));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){2}$/);
    // 12 letters × log2(32) = 60 bits, over the 50 asked for.
    expect(12 * Math.log2(32)).toBeGreaterThanOrEqual(50);
  });

  it('uses every letter of the alphabet evenly from the random bytes', () => {
    let byte = 0;
    const codes = newRecoveryCodes((size) => Uint8Array.from({ length: size }, () => byte++ % 256));
    const letters = codes.join('').replaceAll('-', '');
    expect(new Set(letters).size).toBe(32);
  });

  it('reads a typed code whatever its case, spaces and dashes, and look-alike letters', () => {
    expect(normalizeRecoveryCode(' ABCD-EFGH-JKMN ')).toBe('abcdefghjkmn');
    expect(normalizeRecoveryCode('abcd efgh jkmO')).toBe('abcdefghjkm0');
    expect(normalizeRecoveryCode('ILIL-0000-1111')).toBe('111100001111');
    for (const bad of ['', 'abc', 'abcd-efgh-jkmn-p', 'abcd-efgh-jkm!', '123456']) {
      expect(normalizeRecoveryCode(bad), bad).toBeNull();
    }
  });

  it('hashes a code per account, the same whichever way it was typed', () => {
    expect(hashRecoveryCode('a', 'ABCD-EFGH-JKMN')).toBe(hashRecoveryCode('a', 'abcdefghjkmn'));
    expect(hashRecoveryCode('a', 'abcdefghjkmn')).not.toBe(hashRecoveryCode('b', 'abcdefghjkmn'));
    expect(hashRecoveryCode('a', 'abcdefghjkmn')).toMatch(/^[\w-]{43}$/);
  });
});
