/** @module How a second factor was proved. */

/** A TOTP code or a recovery code. */
export type SecondFactorMethod = 'totp' | 'recovery_code';
