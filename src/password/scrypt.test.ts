import { scrypt as nodeScrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  deriveScrypt,
  hashScrypt,
  OWASP_SCRYPT,
  parseScryptHash,
  resolveScryptParams,
  scryptNeedsRehash,
  verifyScrypt,
} from './scrypt.js';

describe('scrypt', () => {
  it('hashScrypt() writes a self-describing string with N = 2^17 that verifyScrypt() accepts', async () => {
    const stored = await hashScrypt('correct horse battery staple', OWASP_SCRYPT);
    expect(stored).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const parsed = parseScryptHash(stored);
    if (!parsed) throw new Error('own hash did not parse');
    expect(2 ** parsed.ln).toBeGreaterThanOrEqual(2 ** 17);
    await expect(verifyScrypt(parsed, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyScrypt(parsed, 'correct horse battery stapler')).resolves.toBe(false);
  });

  it('hashScrypt() stores exactly what node:crypto derives for the salt and parameters it names', async () => {
    const salt = Buffer.alloc(16, 7);
    const stored = await hashScrypt('pw', OWASP_SCRYPT, () => salt);
    const expected = await new Promise<Buffer>((resolve, reject) =>
      nodeScrypt(
        'pw',
        salt,
        32,
        { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 },
        (error, key) => (error ? reject(error) : resolve(key)),
      ),
    );
    expect(stored).toBe(
      `$scrypt$ln=17,r=8,p=1$${salt.toString('base64').replace(/=+$/, '')}$${expected.toString('base64').replace(/=+$/, '')}`,
    );
  });

  it('deriveScrypt() raises maxmem enough for N = 2^17, which node refuses by default', async () => {
    const withDefaults = new Promise<Buffer>((resolve, reject) =>
      nodeScrypt('pw', Buffer.alloc(16), 32, { N: 2 ** 17, r: 8, p: 1 }, (error, key) =>
        error ? reject(error) : resolve(key),
      ),
    );
    await expect(withDefaults).rejects.toThrow(/memory limit/i);
    const key = await deriveScrypt(Buffer.from('pw'), Buffer.alloc(16), 32, {
      N: 2 ** 17,
      r: 8,
      p: 1,
    });
    expect(key).toHaveLength(32);
  });

  it('parseScryptHash() returns null for malformed strings', () => {
    const salt = 'AAAAAAAAAAAAAAAAAAAAAA';
    const key = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(parseScryptHash(`$scrypt$ln=17,r=8,p=1$${salt}$${key}`)).not.toBeNull();
    for (const bad of [
      `$scrypt$ln=17,r=8$${salt}$${key}`,
      `$scrypt$r=8,p=1,ln=17$${salt}$${key}`,
      `$scrypt$ln=17,r=8,p=1$${salt}$`,
      `$scrypt$ln=17,r=8,p=1$${salt}$${key}=`,
      `$scrypt$ln=17,r=8,p=1$A$${key}`,
      `$scrypt$ln=17,r=8,p=1$${salt}$AAAAA`,
      `$scrypt$ln=40,r=8,p=1$${salt}$${key}`,
      `$scrypt$ln=0,r=8,p=1$${salt}$${key}`,
      '',
    ]) {
      expect(parseScryptHash(bad)).toBeNull();
    }
  });

  it('scryptNeedsRehash() is true only for costs below the configured ones', () => {
    const base = { salt: Buffer.alloc(16), hash: Buffer.alloc(32) };
    expect(scryptNeedsRehash({ ...base, ln: 17, r: 8, p: 1 }, OWASP_SCRYPT)).toBe(false);
    expect(scryptNeedsRehash({ ...base, ln: 18, r: 8, p: 1 }, OWASP_SCRYPT)).toBe(false);
    expect(scryptNeedsRehash({ ...base, ln: 15, r: 8, p: 1 }, OWASP_SCRYPT)).toBe(true);
    expect(scryptNeedsRehash({ ...base, ln: 17, r: 4, p: 1 }, OWASP_SCRYPT)).toBe(true);
  });

  it('resolveScryptParams() throws config_invalid for N below 2^17 or r below 8', () => {
    expect(resolveScryptParams()).toEqual(OWASP_SCRYPT);
    expect(resolveScryptParams({ ln: 18 })).toEqual({ ln: 18, r: 8, p: 1 });
    for (const weak of [{ ln: 16 }, { r: 4 }, { p: 0 }, { ln: 17.5 }]) {
      expect(() => resolveScryptParams(weak)).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      );
    }
  });
});
