/**
 * @module Remember-me tokens as `selector.validator`: the store keeps the selector and
 * SHA-256(validator); the validator rotates on use, with a short grace window for
 * parallel requests; a wrong validator for a known selector is theft.
 */
import type { TokenRecord } from '../stores/types.js';
import type { AuthEngine } from './engine.js';
import { generateSecret, hashSecret } from './token.js';
import { findTokenRecord, issueTokenRecord } from './token-record.js';

/** The purpose stored with remember-me tokens. */
export const REMEMBER_PURPOSE = 'remember';

/** A remember-me token just written: the cookie value and when it expires. */
export interface IssuedRememberToken {
  readonly selector: string;
  readonly value: string;
  readonly expiresAt: number;
}

/** How a remember-me cookie was judged. */
export type RememberCheck =
  /** Valid: `value` is the rotated cookie to send, or null when the browser's cookie stays. */
  | { readonly kind: 'valid'; readonly token: TokenRecord; readonly value: string | null }
  /** Malformed, unknown or expired: clear the cookie and go on. */
  | { readonly kind: 'invalid' }
  /** A known selector with a wrong validator: someone copied the cookie. */
  | { readonly kind: 'theft'; readonly userId: string };

/** Creates and stores a new remember-me token for a user. */
export async function issueRememberToken<U>(
  engine: AuthEngine<U>,
  userId: string,
  durationMs: number,
): Promise<IssuedRememberToken> {
  const now = engine.config.clock();
  const { value, record } = await issueTokenRecord(engine.stores.tokens, engine.config.random, {
    userId,
    purpose: REMEMBER_PURPOSE,
    createdAt: now,
    expiresAt: now + durationMs,
  });
  return { selector: record.selector, value, expiresAt: record.expiresAt };
}

/** Checks a remember-me cookie and rotates its validator when it is the current one. */
export async function checkRememberToken<U>(
  engine: AuthEngine<U>,
  cookieValue: string | undefined,
): Promise<RememberCheck> {
  const { clock, graceWindowMs, random } = engine.config;
  const { tokens } = engine.stores;
  const now = clock();
  const match = await findTokenRecord(tokens, cookieValue, REMEMBER_PURPOSE, now);
  if (match.kind === 'invalid') return match;
  if (match.kind === 'mismatch') return { kind: 'theft', userId: match.record.userId };
  const token = match.record;
  if (match.kind === 'previous') {
    return withinGrace(token, now, graceWindowMs)
      ? { kind: 'valid', token, value: null }
      : { kind: 'theft', userId: token.userId };
  }
  const validator = generateSecret(random);
  const rotated = await tokens.rotate(token.selector, token.hash, {
    hash: hashSecret(validator),
    previousHash: token.hash,
    rotatedAt: now,
    expiresAt: token.expiresAt,
  });
  if (rotated) return { kind: 'valid', token, value: `${token.selector}.${validator}` };
  // A parallel request rotated it first: its answer carries the new cookie.
  const current = await findTokenRecord(tokens, cookieValue, REMEMBER_PURPOSE, now);
  if (current.kind === 'previous' && withinGrace(current.record, now, graceWindowMs)) {
    return { kind: 'valid', token: current.record, value: null };
  }
  return { kind: 'invalid' };
}

function withinGrace(token: TokenRecord, now: number, graceMs: number): boolean {
  return token.rotatedAt !== null && now - token.rotatedAt <= graceMs;
}

/**
 * Deletes the token behind a remember-me cookie, but only when the cookie proves
 * it (a matching validator), so a forged selector cannot end someone else's token.
 */
export async function revokeRememberCookie<U>(
  engine: AuthEngine<U>,
  cookieValue: string,
): Promise<void> {
  const { tokens } = engine.stores;
  const match = await findTokenRecord(tokens, cookieValue, REMEMBER_PURPOSE, engine.config.clock());
  if (match.kind === 'current' || match.kind === 'previous') {
    await tokens.delete(match.record.selector);
  }
}
