import { describe, expect, it } from 'vitest';
import {
  WERKZEUG_PASSWORD,
  WERKZEUG_PBKDF2_SHA1,
  WERKZEUG_PBKDF2_SHA256_260K,
  WERKZEUG_PBKDF2_SHA256_600K,
  WERKZEUG_PBKDF2_SHA512,
  WERKZEUG_SCRYPT,
  WERKZEUG_SCRYPT_IMPLICIT,
  WERKZEUG_UNICODE_PASSWORD,
  WERKZEUG_UNICODE_PBKDF2,
  WERKZEUG_UNICODE_SCRYPT,
} from './test-support/werkzeug-fixtures.js';
import { parseWerkzeugHash, verifyWerkzeugHash } from './werkzeug.js';

async function check(stored: string, password: string): Promise<boolean> {
  const parsed = parseWerkzeugHash(stored);
  if (!parsed) throw new Error(`fixture did not parse: ${stored}`);
  return verifyWerkzeugHash(parsed, password);
}

describe('werkzeug hashes', () => {
  it.each([
    ['pbkdf2:sha256:600000', WERKZEUG_PBKDF2_SHA256_600K],
    ['pbkdf2:sha256:260000', WERKZEUG_PBKDF2_SHA256_260K],
    ['pbkdf2:sha512:1000', WERKZEUG_PBKDF2_SHA512],
    ['pbkdf2:sha1:1000', WERKZEUG_PBKDF2_SHA1],
    ['scrypt:32768:8:1', WERKZEUG_SCRYPT],
    ['scrypt (implicit parameters)', WERKZEUG_SCRYPT_IMPLICIT],
  ])(
    'verifyWerkzeugHash() accepts a hashlib-computed %s vector and refuses a wrong password',
    async (_, stored) => {
      await expect(check(stored, WERKZEUG_PASSWORD)).resolves.toBe(true);
      await expect(check(stored, `${WERKZEUG_PASSWORD}!`)).resolves.toBe(false);
    },
  );

  it('verifyWerkzeugHash() checks the password as typed, because werkzeug never normalised it', async () => {
    const nfkc = WERKZEUG_UNICODE_PASSWORD.normalize('NFKC');
    expect(nfkc).not.toBe(WERKZEUG_UNICODE_PASSWORD);
    await expect(check(WERKZEUG_UNICODE_PBKDF2, WERKZEUG_UNICODE_PASSWORD)).resolves.toBe(true);
    await expect(check(WERKZEUG_UNICODE_SCRYPT, WERKZEUG_UNICODE_PASSWORD)).resolves.toBe(true);
    await expect(check(WERKZEUG_UNICODE_SCRYPT, nfkc)).resolves.toBe(false);
  });

  it('parseWerkzeugHash() reads the method, parameters and salt text', () => {
    expect(parseWerkzeugHash(WERKZEUG_PBKDF2_SHA256_600K)).toMatchObject({
      method: 'pbkdf2',
      digest: 'sha256',
      iterations: 600000,
      salt: 'mVxdGtemriwZgXNq',
    });
    expect(parseWerkzeugHash(WERKZEUG_SCRYPT)).toMatchObject({
      method: 'scrypt',
      N: 32768,
      r: 8,
      p: 1,
      salt: '5bXAPu5nZDC1nBCu',
    });
  });

  it('parseWerkzeugHash() returns null for malformed or unsupported strings', () => {
    const hex32 = 'ab'.repeat(32);
    const hex64 = 'ab'.repeat(64);
    for (const bad of [
      '',
      'plain',
      `pbkdf2:sha256$salt$${hex32}`,
      `pbkdf2$salt$${hex32}`,
      `pbkdf2:md5:1000$salt$${'ab'.repeat(16)}`,
      `pbkdf2:sha256:0$salt$${hex32}`,
      `pbkdf2:sha256:+1000$salt$${hex32}`,
      `pbkdf2:sha256:99999999999$salt$${hex32}`,
      `pbkdf2:sha256:1000$salt$${'ab'.repeat(20)}`,
      `pbkdf2:sha256:1000$$${hex32}`,
      `pbkdf2:sha256:1000$salt$${hex32}$extra`,
      `pbkdf2:sha256:1000$salt$${hex32.toUpperCase()}`,
      `pbkdf2:sha256:1000:9$salt$${hex32}`,
      `scrypt:32768:8$salt$${hex64}`,
      `scrypt:30000:8:1$salt$${hex64}`,
      `scrypt:16777216:8:1$salt$${hex64}`,
      `scrypt:32768:8:1$salt$${hex32}`,
      `sha1$salt$${'ab'.repeat(20)}`,
      `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`,
    ]) {
      expect(parseWerkzeugHash(bad)).toBeNull();
    }
  });
});
