/** @module Errors: one base class with a stable `code`, for misuse and configuration mistakes. */

/** Stable error codes; match on `error.code`, never on the message. */
export type LatchkeyErrorCode =
  | 'config_invalid'
  | 'missing_loader'
  | 'invalid_duration'
  | 'user_id_missing'
  | 'password_too_long'
  | 'store_failure'
  /** The store could not be reached (connection down, timed out); retrying later may work. */
  | 'store_unavailable';

/**
 * Thrown for programming and configuration errors only; invalid input from a
 * request (a forged cookie, a bad token) is a value (`null`), never an exception.
 *
 * @example
 * try { new LoginManager({}) } catch (e) { if (e instanceof LatchkeyError && e.code === 'missing_loader') … }
 */
export class LatchkeyError extends Error {
  readonly code: LatchkeyErrorCode;

  constructor(code: LatchkeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LatchkeyError';
    this.code = code;
  }
}
