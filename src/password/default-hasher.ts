/** @module Top-level hash, verify and rehash functions backed by one lazily created argon2id hasher. */
import { createPasswordHasher, type PasswordHasher } from './hasher.js';

let defaultHasher: PasswordHasher | undefined;

function hasher(): PasswordHasher {
  defaultHasher ??= createPasswordHasher({ algorithm: 'argon2id' });
  return defaultHasher;
}

/**
 * Hashes a password with argon2id at OWASP's parameters; rejects with `password_too_long` over 1024 UTF-8 bytes.
 *
 * @example
 * const stored = await hashPassword('correct horse battery staple');
 */
export function hashPassword(password: string): Promise<string> {
  return hasher().hash(password);
}

/**
 * Checks a password against a stored argon2, scrypt or werkzeug hash; false for anything that does not match.
 *
 * @example
 * if (await verifyPassword(user.passwordHash, form.password)) login(user);
 */
export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return hasher().verify(stored, password);
}

/**
 * True when a stored hash is not argon2id at at least OWASP's parameters and should be replaced after login.
 *
 * @example
 * if (needsRehash(user.passwordHash)) user.passwordHash = await hashPassword(form.password);
 */
export function needsRehash(stored: string): boolean {
  return hasher().needsRehash(stored);
}

/**
 * Spends the time of a real argon2id verify and resolves false; call it when the user does not exist.
 *
 * @example
 * const user = await findUser(email);
 * const ok = user ? await verifyPassword(user.passwordHash, password) : await dummyVerify();
 */
export function dummyVerify(): Promise<false> {
  return hasher().dummyVerify();
}
