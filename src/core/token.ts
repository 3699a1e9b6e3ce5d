/**
 * @module The one token primitive: random secrets as base64url, stored only as
 * SHA-256, compared in constant time. Synchronous node:crypto on purpose: a hash
 * costs microseconds, while WebCrypto or thread-pool work would cost far more.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import type { RandomSource } from '../clock.js';

/** A 256-bit secret is 43 base64url characters. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** A 128-bit selector is 22 base64url characters. */
const SELECTOR_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A fresh 256-bit secret, base64url-encoded. */
export function generateSecret(random: RandomSource): string {
  return Buffer.from(random(32)).toString('base64url');
}

/** A fresh 128-bit selector, base64url-encoded. */
export function generateSelector(random: RandomSource): string {
  return Buffer.from(random(16)).toString('base64url');
}

/** base64url SHA-256 of a secret: what stores keep instead of the secret. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'base64url');
}

/** True when `value` has the exact shape of a secret (checked before any store lookup). */
export function isSecret(value: string | undefined): value is string {
  return value !== undefined && SECRET_PATTERN.test(value);
}

/** A `selector.validator` pair, as in remember-me and emailed links. */
export interface SplitToken {
  readonly selector: string;
  readonly validator: string;
}

/** Creates a `selector.validator` token and the hash to store. */
export function generateSplitToken(
  random: RandomSource,
): SplitToken & { value: string; hash: string } {
  const selector = generateSelector(random);
  const validator = generateSecret(random);
  return { selector, validator, value: `${selector}.${validator}`, hash: hashSecret(validator) };
}

/** Parses `selector.validator`; null for anything else (never throws). */
export function parseSplitToken(value: string | undefined): SplitToken | null {
  if (value === undefined || value.length !== 66) return null;
  const selector = value.slice(0, 22);
  const validator = value.slice(23);
  if (value[22] !== '.' || !SELECTOR_PATTERN.test(selector) || !SECRET_PATTERN.test(validator)) {
    return null;
  }
  return { selector, validator };
}

/** Constant-time equality of two hashes (base64url strings of equal kind). */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
