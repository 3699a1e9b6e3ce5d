/** @module latchkey/password: argon2id hashing, legacy verification, rehash detection and the password policy. */
export type { Argon2Params } from './argon2.js';
export { OWASP_ARGON2ID } from './argon2.js';
export { isCommonPassword } from './common-passwords.js';
export { dummyVerify, hashPassword, needsRehash, verifyPassword } from './default-hasher.js';
export type { HashPoolOptions } from './hash-pool.js';
export type { PasswordAlgorithm, PasswordHasher, PasswordHasherOptions } from './hasher.js';
export { createPasswordHasher } from './hasher.js';
export type { HashScheme } from './identify-hash.js';
export { identifyHash } from './identify-hash.js';
export { codePointLength, MAX_PASSWORD_BYTES, normalizePassword } from './normalize.js';
export type { PasswordPolicyCode, PasswordPolicyOptions, PasswordPolicyResult } from './policy.js';
export { checkPasswordPolicy } from './policy.js';
export type { ScryptParams } from './scrypt.js';
export { OWASP_SCRYPT } from './scrypt.js';
