/** @module Parsing the account forms: normalised emails, every bad field named at once. */
import { describe, expect, it } from 'vitest';
import {
  normalizeEmail,
  parseEmail,
  parseLoginForm,
  parseRegisterForm,
  passwordErrors,
} from './forms.js';

const PASSWORD = 'plum velvet orbit cascade 42';

describe('forms', () => {
  it('normalizeEmail() trims and lower-cases, and turns non-strings into the empty string', () => {
    expect(normalizeEmail('  Bob@Example.ORG\t')).toBe('bob@example.org');
    expect(normalizeEmail(undefined)).toBe('');
    expect(normalizeEmail(['a@b.c'])).toBe('');
  });

  it('parseEmail() accepts exactly 254 characters and refuses 255', () => {
    const local = 'a'.repeat(64);
    const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.io`;
    const email = `${local}@${domain}`;
    expect(email).toHaveLength(254);
    expect(parseEmail(email)).toStrictEqual({ ok: true, value: email });
    expect(parseEmail(`a${email}`)).toMatchObject({
      ok: false,
      errors: { email: 'Use at most 254 characters.' },
    });
  });

  it('parseRegisterForm() reports every bad field at once, keyed by field name', () => {
    const result = parseRegisterForm(
      { email: 'x', username: 'a b', password: 'short', password2: 'other' },
      15,
    );
    expect(result).toStrictEqual({
      ok: false,
      errors: {
        email: 'Enter a valid email address, like name@example.com.',
        username: 'Use only letters, digits, “_”, “.” and “-”.',
        password: 'Use at least 15 characters.',
        password2: 'The two passwords do not match.',
      },
    });
  });

  it('parseRegisterForm() treats non-string fields (repeated or missing) as empty', () => {
    const result = parseRegisterForm(
      { email: ['a@b.co', 'c@d.co'], username: undefined, password: 42, password2: 42 },
      15,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: {
        email: 'Enter your email address.',
        username: 'Choose a username.',
        password: 'Enter a password.',
        password2: 'The two passwords do not match.',
      },
    });
  });

  it('parseRegisterForm() gives clean values: email normalised, username trimmed', () => {
    const result = parseRegisterForm(
      { email: ' A@Example.com', username: ' Ann ', password: PASSWORD, password2: PASSWORD },
      15,
    );
    expect(result).toStrictEqual({
      ok: true,
      value: { email: 'a@example.com', username: 'Ann', password: PASSWORD },
    });
  });

  it('parseLoginForm() does not judge the address shape, so every later refusal can be the same', () => {
    expect(parseLoginForm({ email: 'not-an-address', password: 'x' })).toStrictEqual({
      ok: true,
      value: { email: 'not-an-address', password: 'x' },
    });
    expect(parseLoginForm({ email: '', password: undefined })).toStrictEqual({
      ok: false,
      errors: { email: 'Enter your email address.', password: 'Enter your password.' },
    });
  });

  it('passwordErrors() refuses a current password over 1024 bytes before any hash runs', () => {
    expect(passwordErrors('é'.repeat(512), 'password')).toStrictEqual({});
    expect(passwordErrors('é'.repeat(513), 'old_password')).toStrictEqual({
      old_password: 'Passwords are at most 1024 bytes.',
    });
  });
});
