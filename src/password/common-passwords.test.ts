import { describe, expect, it } from 'vitest';
import { isCommonPassword } from './common-passwords.js';

describe('isCommonPassword', () => {
  it("finds entries of zxcvbn-ts's list, ignoring case", () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('PassWord')).toBe(true);
    expect(isCommonPassword('iloveyou')).toBe(true);
    expect(isCommonPassword('passwordpassword')).toBe(true);
  });

  it('does not flag an uncommon passphrase', () => {
    expect(isCommonPassword('tangerine kite harbour')).toBe(false);
    expect(isCommonPassword('')).toBe(false);
  });
});
