import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  argon2NeedsRehash,
  hashArgon2id,
  OWASP_ARGON2ID,
  parseArgon2Hash,
  resolveArgon2Params,
  verifyArgon2,
} from './argon2.js';

describe('argon2', () => {
  it('hashArgon2id() writes an argon2id PHC string with OWASP parameters that verifyArgon2() accepts', async () => {
    const stored = await hashArgon2id('correct horse battery staple', OWASP_ARGON2ID);
    expect(stored).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    await expect(verifyArgon2(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyArgon2(stored, 'correct horse battery stapler')).resolves.toBe(false);
  });

  it('verifyArgon2() returns false for a string the binding cannot decode', async () => {
    await expect(verifyArgon2('$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA', 'x')).resolves.toBe(
      false,
    );
    await expect(verifyArgon2('garbage', 'x')).resolves.toBe(false);
  });

  it('parseArgon2Hash() reads the variant, version and costs, and returns null for non-argon2 text', () => {
    const legacy =
      '$argon2i$m=4096,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A';
    expect(parseArgon2Hash(legacy)).toEqual({
      variant: 'argon2i',
      version: 16,
      memoryCost: 4096,
      timeCost: 3,
      parallelism: 1,
      outputLen: 32,
      saltLen: 8,
    });
    expect(parseArgon2Hash('$argon2id$v=19$m=19456,t=2,p=1$not base64!$x')).toBeNull();
    expect(parseArgon2Hash('$scrypt$ln=17,r=8,p=1$AAAA$AAAA')).toBeNull();
  });

  it('parseArgon2Hash() refuses stored costs beyond the sanity limits', () => {
    const huge =
      '$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A';
    expect(parseArgon2Hash(huge)).toBeNull();
  });

  it('argon2NeedsRehash() is false at the configured costs and true for anything weaker or another variant', async () => {
    const current = parseArgon2Hash(await hashArgon2id('pw', OWASP_ARGON2ID));
    const weak = parseArgon2Hash(
      await hash('pw', { memoryCost: 4096, timeCost: 3, parallelism: 1 }),
    );
    const argon2i = parseArgon2Hash(
      '$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A',
    );
    if (!current || !weak || !argon2i) throw new Error('fixture did not parse');
    expect(argon2NeedsRehash(current, OWASP_ARGON2ID)).toBe(false);
    expect(argon2NeedsRehash(weak, OWASP_ARGON2ID)).toBe(true);
    expect(argon2NeedsRehash(argon2i, OWASP_ARGON2ID)).toBe(true);
    expect(argon2NeedsRehash(current, { ...OWASP_ARGON2ID, memoryCost: 47104 })).toBe(true);
  });

  it("resolveArgon2Params() accepts OWASP's alternatives and throws config_invalid below them", () => {
    expect(resolveArgon2Params()).toEqual(OWASP_ARGON2ID);
    expect(resolveArgon2Params({ memoryCost: 47104, timeCost: 1 })).toEqual({
      memoryCost: 47104,
      timeCost: 1,
      parallelism: 1,
    });
    expect(resolveArgon2Params({ memoryCost: 7168, timeCost: 5 }).memoryCost).toBe(7168);
    for (const weak of [
      { memoryCost: 19456, timeCost: 1 },
      { memoryCost: 4096, timeCost: 10 },
      { parallelism: 0 },
    ]) {
      expect(() => resolveArgon2Params(weak)).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      );
    }
  });
});
