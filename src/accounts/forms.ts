/** @module Form validation: emails, usernames and new passwords, with errors keyed by field name. */
import { z } from 'zod';
import { MAX_PASSWORD_BYTES, normalizePassword, utf8ByteLength } from '../password/normalize.js';
import { checkPasswordPolicy } from '../password/policy.js';

/** The longest email address accepted (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

/** Field errors while a form is being checked. */
type Errors = Record<string, string>;

/** A checked form: its clean values, or the errors to show next to its fields. */
export type FormCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: Readonly<Errors> };

const ENTER_EMAIL = 'Enter your email address.';
const EMAIL_TOO_LONG = `Use at most ${MAX_EMAIL_LENGTH} characters.`;

const emailSchema = z
  .string({ error: ENTER_EMAIL })
  .trim()
  .toLowerCase()
  .min(1, ENTER_EMAIL)
  .max(MAX_EMAIL_LENGTH, EMAIL_TOO_LONG)
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

const usernameSchema = z
  .string({ error: 'Choose a username.' })
  .trim()
  .min(3, 'Use at least 3 characters.')
  .max(32, 'Use at most 32 characters.')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Use only letters, digits, “_”, “.” and “-”.');

/**
 * Trims and lower-cases an email address, the form every account stores and compares;
 * anything that is not a string becomes the empty string.
 *
 * @example normalizeEmail('  Alice@Example.COM ') // 'alice@example.com'
 */
export function normalizeEmail(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/**
 * Checks one email field: normalised, at most 254 characters, shaped like an address.
 *
 * @example const email = parseEmail(form.email); if (!email.ok) show(email.errors.email);
 */
export function parseEmail(value: unknown, field = 'email'): FormCheck<string> {
  const parsed = emailSchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : fail(field, parsed.error);
}

/**
 * Checks a new password and its repetition against the policy; returns the errors
 * (empty when both are fine). `context` holds values the password must not equal.
 *
 * @example newPasswordErrors(form, { minLength: 15, context: [email, username] })
 */
export function newPasswordErrors(
  input: { readonly password: unknown; readonly password2: unknown },
  options: { readonly minLength: number; readonly context: readonly string[] },
): Errors {
  const errors: Errors = {};
  const password = typeof input.password === 'string' ? input.password : '';
  const verdict = checkPasswordPolicy(password, options);
  if (!verdict.ok) errors.password = verdict.message;
  if (input.password2 !== password) errors.password2 = 'The two passwords do not match.';
  return errors;
}

/**
 * Checks the registration form: email, username (3–32 of `A-Z a-z 0-9 _ . -`), and a new
 * password that is not the email, its local part or the username.
 *
 * @example const form = parseRegisterForm(input, 15); if (!form.ok) return refuse(form.errors);
 */
export function parseRegisterForm(
  input: { readonly email: unknown; readonly username: unknown } & PasswordPair,
  minLength: number,
): FormCheck<{ email: string; username: string; password: string }> {
  const errors: Errors = {};
  const email = parseEmail(input.email);
  if (!email.ok) Object.assign(errors, email.errors);
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) Object.assign(errors, fail('username', username.error).errors);
  const context = [normalizeEmail(input.email), stringOr(input.username).trim()];
  Object.assign(errors, newPasswordErrors(input, { minLength, context }));
  if (!email.ok || !username.success || Object.keys(errors).length > 0)
    return { ok: false, errors };
  return {
    ok: true,
    value: { email: email.value, username: username.data, password: stringOr(input.password) },
  };
}

/**
 * Checks the shape of a login form without judging the address, so that every later
 * refusal can be the same one: an email is present and not over-long, a password is present.
 *
 * @example const form = parseLoginForm(input); if (!form.ok) return refuse(form.errors);
 */
export function parseLoginForm(input: {
  readonly email: unknown;
  readonly password: unknown;
}): FormCheck<{ email: string; password: string }> {
  const errors: Errors = {};
  const email = normalizeEmail(input.email);
  if (email === '') errors.email = ENTER_EMAIL;
  else if (email.length > MAX_EMAIL_LENGTH) errors.email = EMAIL_TOO_LONG;
  const password = passwordErrors(input.password, 'password');
  Object.assign(errors, password);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { email, password: stringOr(input.password) } };
}

/**
 * The error for a current-password field left empty (or not a string) or longer than any
 * password can be, keyed by `field`: an over-long one is refused before any hash runs.
 *
 * @example passwordErrors(form.old_password, 'old_password') // {} or { old_password: '…' }
 */
export function passwordErrors(value: unknown, field: string): Errors {
  if (typeof value !== 'string' || value === '') return { [field]: 'Enter your password.' };
  if (utf8ByteLength(normalizePassword(value)) > MAX_PASSWORD_BYTES) {
    return { [field]: `Passwords are at most ${MAX_PASSWORD_BYTES} bytes.` };
  }
  return {};
}

/** The two fields of a new password. */
interface PasswordPair {
  readonly password: unknown;
  readonly password2: unknown;
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function fail(field: string, error: z.ZodError): { ok: false; errors: Errors } {
  return { ok: false, errors: { [field]: error.issues[0]?.message ?? 'Check this field.' } };
}
