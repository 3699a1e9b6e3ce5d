import { hash as argon2Hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { LatchkeyError } from '../errors.js';
import { createPasswordHasher } from './hasher.js';
import { countingLimiter } from './test-support/counting-limiter.js';
import { deferred, turn } from './test-support/deferred.js';
import {
  WERKZEUG_PASSWORD,
  WERKZEUG_PBKDF2_SHA256_600K,
  WERKZEUG_SCRYPT,
  WERKZEUG_UNICODE_PASSWORD,
  WERKZEUG_UNICODE_SCRYPT,
} from './test-support/werkzeug-fixtures.js';

const PASSWORD = 'correct horse battery staple';

describe('createPasswordHasher with argon2id', () => {
  const hasher = createPasswordHasher();

  it('hash() uses argon2id at OWASP parameters (m=19456,t=2,p=1) and verify() accepts the result', async () => {
    const stored = await hasher.hash(PASSWORD);
    expect(stored.startsWith('$argon2id$v=19$')).toBe(true);
    expect(stored).toContain('m=19456,t=2,p=1');
    await expect(hasher.verify(stored, PASSWORD)).resolves.toBe(true);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('verify() returns false for a wrong password', async () => {
    const stored = await hasher.hash(PASSWORD);
    await expect(hasher.verify(stored, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(hasher.verify(stored, '')).resolves.toBe(false);
  });

  it('hash() salts, so the same password never produces the same string twice', async () => {
    expect(await hasher.hash(PASSWORD)).not.toBe(await hasher.hash(PASSWORD));
  });

  it('verify() treats NFKC-equivalent passwords as the same password', async () => {
    const stored = await hasher.hash('ﬁnancial ｐａｓｓ phrase');
    await expect(hasher.verify(stored, 'financial pass phrase')).resolves.toBe(true);
    const composed = await hasher.hash('caf\u00e9 au lait, s’il vous plaît');
    await expect(hasher.verify(composed, 'cafe\u0301 au lait, s’il vous plaît')).resolves.toBe(
      true,
    );
  });

  it('verify() accepts werkzeug pbkdf2 and scrypt hashes, and needsRehash() asks to replace them', async () => {
    for (const stored of [WERKZEUG_PBKDF2_SHA256_600K, WERKZEUG_SCRYPT]) {
      await expect(hasher.verify(stored, WERKZEUG_PASSWORD)).resolves.toBe(true);
      await expect(hasher.verify(stored, 'wrong password entirely')).resolves.toBe(false);
      expect(hasher.needsRehash(stored)).toBe(true);
    }
  });

  it('verify() checks werkzeug hashes against the password as typed, then the rehash is normalised', async () => {
    await expect(hasher.verify(WERKZEUG_UNICODE_SCRYPT, WERKZEUG_UNICODE_PASSWORD)).resolves.toBe(
      true,
    );
    const rehashed = await hasher.hash(WERKZEUG_UNICODE_PASSWORD);
    await expect(
      hasher.verify(rehashed, WERKZEUG_UNICODE_PASSWORD.normalize('NFKC')),
    ).resolves.toBe(true);
  });

  it('verify() accepts an argon2 hash with weaker parameters, and needsRehash() asks to replace it', async () => {
    const weak = await argon2Hash(PASSWORD, { memoryCost: 4096, timeCost: 3, parallelism: 1 });
    await expect(hasher.verify(weak, PASSWORD)).resolves.toBe(true);
    expect(hasher.needsRehash(weak)).toBe(true);
  });

  it('needsRehash() is true for a scrypt hash, an unrecognised string, and stronger configuration', async () => {
    const scryptStored = await createPasswordHasher({ algorithm: 'scrypt' }).hash(PASSWORD);
    expect(hasher.needsRehash(scryptStored)).toBe(true);
    expect(hasher.needsRehash('not a hash')).toBe(true);
    const stronger = createPasswordHasher({ argon2: { memoryCost: 47104, timeCost: 2 } });
    expect(stronger.needsRehash(await hasher.hash(PASSWORD))).toBe(true);
  });

  it('verify() returns false, without throwing, for malformed and unknown hashes', async () => {
    const malformed = [
      '',
      'not a hash',
      '$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA',
      '$argon2id$v=19$m=19456,t=2,p=1$',
      '$argon2id$',
      '$scrypt$ln=17,r=8,p=1$$',
      '$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'pbkdf2:sha256$salt$abcd',
      'pbkdf2:sha256:600000$salt$zz',
      '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
    ];
    for (const stored of malformed) {
      await expect(hasher.verify(stored, PASSWORD)).resolves.toBe(false);
    }
    await expect(hasher.verify(null as unknown as string, PASSWORD)).resolves.toBe(false);
    await expect(
      hasher.verify(await hasher.hash(PASSWORD), undefined as unknown as string),
    ).resolves.toBe(false);
  });

  it('hash() rejects with password_too_long above 1024 UTF-8 bytes, measured after NFKC', async () => {
    await expect(hasher.hash('a'.repeat(1024))).resolves.toMatch(/^\$argon2id\$/);
    await expect(hasher.hash('a'.repeat(1025))).rejects.toMatchObject({
      name: 'LatchkeyError',
      code: 'password_too_long',
    });
    // 120 bytes as typed, but NFKC expands each of these ligatures to 18 characters.
    const expanding = '\uFDFA'.repeat(40);
    await expect(hasher.hash(expanding)).rejects.toBeInstanceOf(LatchkeyError);
  });

  it('verify() returns false for an over-long candidate without doing any hashing', async () => {
    const limiter = countingLimiter(1);
    const limited = createPasswordHasher({ limiter });
    const stored = await limited.hash(PASSWORD);
    expect(limiter.runs).toBe(1);
    await expect(limited.verify(stored, 'a'.repeat(1025))).resolves.toBe(false);
    expect(limiter.runs).toBe(1);
  });

  it('hash() runs off the event loop: setImmediate callbacks run while it is in flight', async () => {
    let settled = false;
    const pending = hasher.hash(PASSWORD).then((stored) => {
      settled = true;
      return stored;
    });
    let turns = 0;
    while (!settled) {
      await turn();
      turns += 1;
    }
    expect(turns).toBeGreaterThan(0);
    await expect(pending).resolves.toMatch(/^\$argon2id\$/);
  });

  it('dummyVerify() resolves false after a real verify, hashing its dummy only once', async () => {
    const limiter = countingLimiter(1);
    const limited = createPasswordHasher({ limiter });
    await expect(limited.dummyVerify()).resolves.toBe(false);
    expect(limiter.runs).toBe(2);
    await expect(limited.dummyVerify()).resolves.toBe(false);
    expect(limiter.runs).toBe(3);
  });
});

describe('createPasswordHasher with scrypt', () => {
  const hasher = createPasswordHasher({ algorithm: 'scrypt' });

  it('hash() writes $scrypt$ with N >= 2^17 and verify() accepts it and refuses a wrong password', async () => {
    const stored = await hasher.hash(PASSWORD);
    const ln = Number(/^\$scrypt\$ln=(\d+),r=8,p=1\$/.exec(stored)?.[1]);
    expect(ln).toBeGreaterThanOrEqual(17);
    await expect(hasher.verify(stored, PASSWORD)).resolves.toBe(true);
    await expect(hasher.verify(stored, `${PASSWORD}.`)).resolves.toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('verify() normalises to NFKC before deriving', async () => {
    const stored = await hasher.hash('ｆｕｌｌ-width ﬁne passphrase');
    await expect(hasher.verify(stored, 'full-width fine passphrase')).resolves.toBe(true);
  });

  it('still verifies argon2 hashes, and needsRehash() asks to replace them', async () => {
    const argon2Stored = await createPasswordHasher().hash(PASSWORD);
    await expect(hasher.verify(argon2Stored, PASSWORD)).resolves.toBe(true);
    expect(hasher.needsRehash(argon2Stored)).toBe(true);
  });

  it('dummyVerify() resolves false', async () => {
    await expect(hasher.dummyVerify()).resolves.toBe(false);
  });
});

describe('createPasswordHasher concurrency', () => {
  it('hash() and verify() wait for a free slot in the limiter', async () => {
    const limiter = countingLimiter(1);
    const hasher = createPasswordHasher({ limiter });
    const stored = await hasher.hash(PASSWORD);

    const blocker = deferred<void>();
    const blocking = limiter.run(() => blocker.promise);
    let hashed = false;
    let verified = false;
    const hashing = hasher.hash(PASSWORD).then(() => {
      hashed = true;
    });
    const verifying = hasher.verify(stored, PASSWORD).then((ok) => {
      verified = ok;
    });
    await turn();
    expect(limiter.waiting).toBe(2);
    expect(hashed).toBe(false);
    expect(verified).toBe(false);

    blocker.resolve();
    await Promise.all([blocking, hashing, verifying]);
    expect(hashed).toBe(true);
    expect(verified).toBe(true);
  });

  it('throws config_invalid for a bad maxConcurrent, both limiter options, an unknown algorithm or weak costs', () => {
    const cases = [
      () => createPasswordHasher({ maxConcurrent: 0 }),
      () => createPasswordHasher({ maxConcurrent: 1, limiter: countingLimiter(1) }),
      () => createPasswordHasher({ algorithm: 'md5' as unknown as 'scrypt' }),
      () => createPasswordHasher({ argon2: { memoryCost: 1024, timeCost: 1 } }),
      () => createPasswordHasher({ algorithm: 'scrypt', scrypt: { ln: 14 } }),
    ];
    for (const create of cases) {
      expect(create).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    }
  });
});
