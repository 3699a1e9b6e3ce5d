import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './policy.js';

describe('checkPasswordPolicy', () => {
  it('accepts an uncommon passphrase of 15 code points or more', () => {
    expect(checkPasswordPolicy('tangerine kite harbour')).toEqual({ ok: true });
  });

  it('measures length in code points, so an emoji counts as one character', () => {
    const fourteen = 'Tangerine kit😀';
    const fifteen = 'Tangerine kit 😀';
    expect(fourteen.length).toBe(15);
    expect(checkPasswordPolicy(fourteen)).toMatchObject({ ok: false, code: 'too_short' });
    expect(checkPasswordPolicy(fifteen)).toEqual({ ok: true });
  });

  it('explains the minimum in the too_short message', () => {
    const verdict = checkPasswordPolicy('short one');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toMatch(/at least 15 characters/);
  });

  it('always accepts 64 code points, even four-byte ones under the smallest byte cap', () => {
    expect(checkPasswordPolicy('😀'.repeat(64), { maxBytes: 256 })).toEqual({ ok: true });
    expect(checkPasswordPolicy('x7'.repeat(32), { minLength: 64 })).toEqual({ ok: true });
  });

  it('refuses more than 1024 UTF-8 bytes after NFKC with too_long', () => {
    expect(checkPasswordPolicy('a'.repeat(1024))).toEqual({ ok: true });
    expect(checkPasswordPolicy('a'.repeat(1025))).toMatchObject({
      ok: false,
      code: 'too_long',
      message: expect.stringMatching(/too long.*at most 256 characters/),
    });
    expect(checkPasswordPolicy('\uFDFA'.repeat(40))).toMatchObject({ ok: false, code: 'too_long' });
  });

  it('refuses the empty password with empty', () => {
    expect(checkPasswordPolicy('')).toMatchObject({ ok: false, code: 'empty' });
  });

  it('refuses a common password, ignoring case and compatibility forms', () => {
    expect(checkPasswordPolicy('PassWordPassWord')).toMatchObject({ ok: false, code: 'common' });
    expect(checkPasswordPolicy('iloveyou', { minLength: 8 })).toMatchObject({
      ok: false,
      code: 'common',
    });
    expect(checkPasswordPolicy('ｐａｓｓｗｏｒｄ１', { minLength: 8 })).toMatchObject({
      ok: false,
      code: 'common',
    });
  });

  it('refuses a password equal to the email, its local part or the username, ignoring case', () => {
    const context = ['Alice.Smith@example.com', 'tangerinekiteharbour'];
    expect(checkPasswordPolicy('alice.smith@EXAMPLE.com', { context })).toMatchObject({
      ok: false,
      code: 'matches_context',
    });
    expect(checkPasswordPolicy('ALICE.SMITH', { context, minLength: 8 })).toMatchObject({
      ok: false,
      code: 'matches_context',
    });
    expect(checkPasswordPolicy('TangerineKiteHarbour', { context })).toMatchObject({
      ok: false,
      code: 'matches_context',
    });
    expect(checkPasswordPolicy('tangerine kite harbour', { context })).toEqual({ ok: true });
  });

  it('throws config_invalid for a minimum length below 8 or above 64', () => {
    for (const minLength of [7, 0, 65, 9.5]) {
      expect(() => checkPasswordPolicy('tangerine kite harbour', { minLength })).toThrow(
        expect.objectContaining({ name: 'LatchkeyError', code: 'config_invalid' }),
      );
    }
    expect(checkPasswordPolicy('quokka42x', { minLength: 8 })).toEqual({ ok: true });
  });

  it('throws config_invalid for a byte cap above 1024 or too small to hold 64 code points', () => {
    for (const maxBytes of [2048, 255]) {
      expect(() => checkPasswordPolicy('tangerine kite harbour', { maxBytes })).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      );
    }
  });
});
