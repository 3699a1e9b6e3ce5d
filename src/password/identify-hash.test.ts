import { describe, expect, it } from 'vitest';
import { identifyHash, parseStoredHash } from './identify-hash.js';
import { WERKZEUG_PBKDF2_SHA256_600K, WERKZEUG_SCRYPT } from './test-support/werkzeug-fixtures.js';

const ARGON2ID =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A';
const ARGON2I = '$argon2i$m=4096,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A';
const SCRYPT =
  '$scrypt$ln=17,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('identifyHash', () => {
  it('names every supported scheme by its prefix', () => {
    expect(identifyHash(ARGON2ID)).toBe('argon2id');
    expect(identifyHash(ARGON2I)).toBe('argon2i');
    expect(identifyHash(SCRYPT)).toBe('scrypt');
    expect(identifyHash(WERKZEUG_PBKDF2_SHA256_600K)).toBe('werkzeug-pbkdf2');
    expect(identifyHash(WERKZEUG_SCRYPT)).toBe('werkzeug-scrypt');
  });

  it('returns null for text that is no supported hash', () => {
    for (const bad of [
      '',
      'hunter2',
      '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
      '$argon2id$v=19$m=19456,t=2,p=1$bad',
      '$scrypt$ln=17$AAAA$AAAA',
      'md5$salt$abcd',
    ]) {
      expect(identifyHash(bad)).toBeNull();
    }
  });

  it('parseStoredHash() returns null for values that are not strings, as a database null would be', () => {
    expect(parseStoredHash(null)).toBeNull();
    expect(parseStoredHash(undefined)).toBeNull();
    expect(parseStoredHash(42)).toBeNull();
  });
});
