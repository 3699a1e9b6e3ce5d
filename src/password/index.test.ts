import { describe, expect, it } from 'vitest';
import * as password from './index.js';

describe('latchkey/password', () => {
  it('exports exactly the documented runtime API', () => {
    expect(Object.keys(password).sort()).toEqual(
      [
        'MAX_PASSWORD_BYTES',
        'OWASP_ARGON2ID',
        'OWASP_SCRYPT',
        'checkPasswordPolicy',
        'codePointLength',
        'createPasswordHasher',
        'dummyVerify',
        'hashPassword',
        'identifyHash',
        'isCommonPassword',
        'needsRehash',
        'normalizePassword',
        'verifyPassword',
      ].sort(),
    );
  });

  it('exports frozen OWASP defaults that cannot be weakened at runtime', () => {
    expect(Object.isFrozen(password.OWASP_ARGON2ID)).toBe(true);
    expect(Object.isFrozen(password.OWASP_SCRYPT)).toBe(true);
    expect(password.OWASP_ARGON2ID).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });
});
