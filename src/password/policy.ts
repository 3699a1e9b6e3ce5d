/** @module The password policy: length in code points, a byte cap, common and context passwords refused. */
import { LatchkeyError } from '../errors.js';
import { isCommonPassword } from './common-passwords.js';
import {
  codePointLength,
  MAX_PASSWORD_BYTES,
  normalizePassword,
  utf8ByteLength,
} from './normalize.js';

/** Why a password was refused. */
export type PasswordPolicyCode = 'empty' | 'too_short' | 'too_long' | 'common' | 'matches_context';

/** The policy's verdict: accepted, or refused with a stable code and a message to show the user. */
export type PasswordPolicyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: PasswordPolicyCode; readonly message: string };

/** Options for {@link checkPasswordPolicy}. */
export interface PasswordPolicyOptions {
  /** Minimum length in code points after NFKC; default 15, at least 8, at most 64. */
  readonly minLength?: number;
  /** Maximum UTF-8 bytes after NFKC; default and ceiling 1024, at least 256 so 64 code points always fit. */
  readonly maxBytes?: number;
  /** Values the password must not equal, ignoring case: email, username and the like. */
  readonly context?: readonly string[];
}

const DEFAULT_MIN_LENGTH = 15;
const FLOOR_MIN_LENGTH = 8;
// 64 code points must always be accepted; at four UTF-8 bytes each that needs 256 bytes.
const ALWAYS_ACCEPTED_LENGTH = 64;
const FLOOR_MAX_BYTES = ALWAYS_ACCEPTED_LENGTH * 4;

/**
 * Checks a new password against the policy; the password is NFKC-normalised first, as the hasher does.
 * An email in `context` also refuses its local part.
 *
 * @example
 * const verdict = checkPasswordPolicy(form.password, { context: [form.email, form.username] });
 * if (!verdict.ok) return showError(verdict.message);
 */
export function checkPasswordPolicy(
  password: string,
  options: PasswordPolicyOptions = {},
): PasswordPolicyResult {
  const minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
  const maxBytes = options.maxBytes ?? MAX_PASSWORD_BYTES;
  if (
    !Number.isInteger(minLength) ||
    minLength < FLOOR_MIN_LENGTH ||
    minLength > ALWAYS_ACCEPTED_LENGTH
  ) {
    throw new LatchkeyError(
      'config_invalid',
      `minLength must be an integer from ${FLOOR_MIN_LENGTH} to ${ALWAYS_ACCEPTED_LENGTH}, got ${minLength}`,
    );
  }
  if (!Number.isInteger(maxBytes) || maxBytes < FLOOR_MAX_BYTES || maxBytes > MAX_PASSWORD_BYTES) {
    throw new LatchkeyError(
      'config_invalid',
      `maxBytes must be an integer from ${FLOOR_MAX_BYTES} to ${MAX_PASSWORD_BYTES}, got ${maxBytes}`,
    );
  }

  if (typeof password !== 'string' || password.length === 0) {
    return refuse('empty', 'Enter a password.');
  }
  const normalized = normalizePassword(password);
  if (utf8ByteLength(normalized) > maxBytes) {
    return refuse(
      'too_long',
      `This password is too long. Use at most ${Math.floor(maxBytes / 4)} characters.`,
    );
  }
  if (codePointLength(normalized) < minLength) {
    return refuse('too_short', `Use at least ${minLength} characters.`);
  }
  const lowered = normalized.toLowerCase();
  if (contextValues(options.context ?? []).has(lowered)) {
    return refuse('matches_context', 'Do not use your email address or username as your password.');
  }
  if (isCommonPassword(lowered)) {
    return refuse('common', 'This password is too common. Choose one that is harder to guess.');
  }
  return { ok: true };
}

function refuse(code: PasswordPolicyCode, message: string): PasswordPolicyResult {
  return { ok: false, code, message };
}

function contextValues(context: readonly string[]): Set<string> {
  const values = new Set<string>();
  for (const value of context) {
    if (typeof value !== 'string' || value === '') continue;
    const lowered = normalizePassword(value).toLowerCase();
    values.add(lowered);
    const at = lowered.lastIndexOf('@');
    if (at > 0) values.add(lowered.slice(0, at));
  }
  return values;
}
