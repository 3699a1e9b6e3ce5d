import { describe, expect, it } from 'vitest';
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from './default-hasher.js';
import {
  WERKZEUG_PASSWORD,
  WERKZEUG_PBKDF2_SHA256_600K,
} from './test-support/werkzeug-fixtures.js';

describe('the top-level password functions', () => {
  it('hashPassword() makes an OWASP argon2id hash that verifyPassword() accepts and needsRehash() keeps', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(stored, 'Correct horse battery staple')).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('verifyPassword() accepts a werkzeug hash and needsRehash() asks to replace it', async () => {
    await expect(verifyPassword(WERKZEUG_PBKDF2_SHA256_600K, WERKZEUG_PASSWORD)).resolves.toBe(
      true,
    );
    expect(needsRehash(WERKZEUG_PBKDF2_SHA256_600K)).toBe(true);
  });

  it('hashPassword() rejects an over-long password with password_too_long', async () => {
    await expect(hashPassword('x'.repeat(1025))).rejects.toMatchObject({
      code: 'password_too_long',
    });
  });

  it('dummyVerify() resolves false', async () => {
    await expect(dummyVerify()).resolves.toBe(false);
  });
});
