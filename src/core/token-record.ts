/**
 * @module Token records, issued and checked in one place: remember-me, emailed links,
 * API keys and legacy markers all store `selector` + SHA-256(validator), and every check
 * runs the same steps (parse, look up, purpose, expiry, constant-time compare).
 */
import type { RandomSource } from '../clock.js';
import type { TokenRecord, TokenStore } from '../stores/types.js';
import { generateSplitToken, hashesEqual, hashSecret, parseSplitToken } from './token.js';

/** What a new record holds besides its secret. */
export interface TokenRecordInit {
  readonly userId: string;
  readonly purpose: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly data?: Readonly<Record<string, unknown>> | null;
}

/** A record just written, and the `selector.validator` value to hand out (never stored). */
export interface IssuedTokenRecord {
  readonly value: string;
  readonly record: TokenRecord;
}

/** How a presented value compares with the record its selector names. */
export type TokenRecordMatch =
  /** Malformed, unknown, of another purpose, or expired. */
  | { readonly kind: 'invalid' }
  /** The validator is the current one. */
  | { readonly kind: 'current'; readonly record: TokenRecord; readonly presentedHash: string }
  /** The validator is the one before the last rotation (the caller judges its grace). */
  | { readonly kind: 'previous'; readonly record: TokenRecord; readonly presentedHash: string }
  /** A live selector with a validator that was never its own. */
  | { readonly kind: 'mismatch'; readonly record: TokenRecord };

/**
 * Writes a record under a chosen selector and hash (markers whose selector is derived).
 *
 * @example await writeTokenRecord(tokens, selector, hashSecret(value), { userId, purpose, createdAt, expiresAt });
 */
export async function writeTokenRecord(
  tokens: TokenStore,
  selector: string,
  hash: string,
  init: TokenRecordInit,
): Promise<TokenRecord> {
  const record: TokenRecord = {
    selector,
    userId: init.userId,
    purpose: init.purpose,
    hash,
    previousHash: null,
    rotatedAt: null,
    createdAt: init.createdAt,
    expiresAt: init.expiresAt,
    data: init.data ?? null,
  };
  await tokens.create(record);
  return record;
}

/**
 * Issues a fresh `selector.validator` token and stores its record.
 *
 * @example const { value } = await issueTokenRecord(tokens, random, { userId, purpose: 'reset', createdAt: now, expiresAt });
 */
export async function issueTokenRecord(
  tokens: TokenStore,
  random: RandomSource,
  init: TokenRecordInit,
): Promise<IssuedTokenRecord> {
  const token = generateSplitToken(random);
  const record = await writeTokenRecord(tokens, token.selector, token.hash, init);
  return { value: token.value, record };
}

/**
 * Judges a presented `selector.validator` value for one purpose at `now` (never throws).
 *
 * @example const match = await findTokenRecord(tokens, cookieValue, 'remember', clock());
 */
export async function findTokenRecord(
  tokens: TokenStore,
  value: unknown,
  purpose: string,
  now: number,
): Promise<TokenRecordMatch> {
  const parsed = parseSplitToken(typeof value === 'string' ? value : undefined);
  if (!parsed) return { kind: 'invalid' };
  const record = await tokens.get(parsed.selector);
  if (!record || record.purpose !== purpose || record.expiresAt <= now) return { kind: 'invalid' };
  const presentedHash = hashSecret(parsed.validator);
  if (hashesEqual(presentedHash, record.hash)) return { kind: 'current', record, presentedHash };
  if (record.previousHash !== null && hashesEqual(presentedHash, record.previousHash)) {
    return { kind: 'previous', record, presentedHash };
  }
  return { kind: 'mismatch', record };
}
