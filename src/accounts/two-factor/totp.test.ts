import { describe, expect, it } from 'vitest';
import { newTotpEnrolment, normalizeTotpCode, totpCode, totpStep } from './totp.js';

/** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
/** The appendix's SHA-1 values (8 digits there); an app shows their last 6. */
const VECTORS: ReadonlyArray<readonly [seconds: number, code: string]> = [
  [59, '94287082'],
  [1_111_111_109, '07081804'],
  [1_111_111_111, '14050471'],
  [1_234_567_890, '89005924'],
  [2_000_000_000, '69279037'],
  [20_000_000_000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  it.each(VECTORS)('at T=%i s the code is the last six digits of %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code.slice(-6));
    expect(totpStep(RFC_SECRET, code.slice(-6), seconds * 1000)).toBe(Math.floor(seconds / 30));
  });

  it('accepts one step of drift either way and names the step the code belongs to', () => {
    const now = 1_234_567_890_000;
    const step = Math.floor(now / 30_000);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBeNull();
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now)).toBeNull();
  });

  it('reads codes typed with spaces, and refuses anything but six digits', () => {
    expect(normalizeTotpCode(' 123 456 ')).toBe('123456');
    for (const bad of ['', '12345', '1234567', 'abcdef', '12345６', '１２３４５６']) {
      expect(normalizeTotpCode(bad), bad).toBeNull();
      expect(totpStep(RFC_SECRET, bad, 0), bad).toBeNull();
    }
  });

  it('a new secret is 160 bits from the injected randomness, in an otpauth URI', () => {
    const enrolment = newTotpEnrolment((size) => new Uint8Array(size).fill(0xff), {
      issuer: 'Latch key',
      label: 'ada@example.com',
    });
    expect(enrolment.secret).toBe('7'.repeat(32));
    expect(enrolment.uri).toBe(
      'otpauth://totp/Latch%20key:ada%40example.com?issuer=Latch%20key&secret=77777777777777777777777777777777&algorithm=SHA1&digits=6&period=30',
    );
  });
});
