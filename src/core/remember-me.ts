/**
 * @module Remember-me as `selector.validator` tokens: the store keeps the selector
 * and SHA-256(validator); the validator rotates on use, with a short grace window
 * for parallel requests; a wrong validator for a known selector is theft.
 */
import type { CookieAttributes } from '../http/cookies.js';
import type { TokenRecord } from '../stores/types.js';
import type { CookieJar } from './cookie-jar.js';
import type { AuthEngine } from './engine.js';
import {
  generateSecret,
  generateSplitToken,
  hashesEqual,
  hashSecret,
  parseSplitToken,
} from './token.js';

/** The purpose stored with remember-me tokens. */
export const REMEMBER_PURPOSE = 'remember';

/** Sets the remember-me cookie to live `maxAgeMs` more milliseconds (persistent, unlike the session cookie). */
export function setRememberCookie<U>(
  engine: AuthEngine<U>,
  jar: CookieJar,
  value: string,
  maxAgeMs: number,
): void {
  const { config } = engine;
  const attributes: CookieAttributes = {
    ...config.rememberCookie,
    maxAge: Math.max(0, Math.floor(maxAgeMs / 1000)),
  };
  jar.set(config.rememberCookieName, value, attributes);
}

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
  const token = generateSplitToken(engine.config.random);
  const expiresAt = now + durationMs;
  await engine.stores.tokens.create({
    selector: token.selector,
    userId,
    purpose: REMEMBER_PURPOSE,
    hash: token.hash,
    previousHash: null,
    rotatedAt: null,
    createdAt: now,
    expiresAt,
    data: null,
  });
  return { selector: token.selector, value: token.value, expiresAt };
}

/** Checks a remember-me cookie and rotates its validator when it is the current one. */
export async function checkRememberToken<U>(
  engine: AuthEngine<U>,
  cookieValue: string | undefined,
): Promise<RememberCheck> {
  const parsed = parseSplitToken(cookieValue);
  if (!parsed) return { kind: 'invalid' };
  const { clock, graceWindowMs } = engine.config;
  const token = await engine.stores.tokens.get(parsed.selector);
  const now = clock();
  if (!token || token.purpose !== REMEMBER_PURPOSE || token.expiresAt <= now) {
    return { kind: 'invalid' };
  }
  const presented = hashSecret(parsed.validator);
  if (hashesEqual(presented, token.hash)) {
    const validator = generateSecret(engine.config.random);
    const rotated = await engine.stores.tokens.rotate(token.selector, token.hash, {
      hash: hashSecret(validator),
      previousHash: token.hash,
      rotatedAt: now,
      expiresAt: token.expiresAt,
    });
    if (rotated) return { kind: 'valid', token, value: `${token.selector}.${validator}` };
    // A parallel request rotated it first: its answer carries the new cookie.
    const current = await engine.stores.tokens.get(token.selector);
    if (current && withinGrace(current, presented, now, graceWindowMs)) {
      return { kind: 'valid', token: current, value: null };
    }
    return { kind: 'invalid' };
  }
  if (withinGrace(token, presented, now, graceWindowMs))
    return { kind: 'valid', token, value: null };
  return { kind: 'theft', userId: token.userId };
}

function withinGrace(token: TokenRecord, presented: string, now: number, graceMs: number): boolean {
  return (
    token.previousHash !== null &&
    token.rotatedAt !== null &&
    now - token.rotatedAt <= graceMs &&
    hashesEqual(presented, token.previousHash)
  );
}

/**
 * Deletes the token behind a remember-me cookie, but only when the cookie proves
 * it (a matching validator), so a forged selector cannot end someone else's token.
 */
export async function revokeRememberCookie<U>(
  engine: AuthEngine<U>,
  cookieValue: string,
): Promise<void> {
  const parsed = parseSplitToken(cookieValue);
  if (!parsed) return;
  const token = await engine.stores.tokens.get(parsed.selector);
  if (!token || token.purpose !== REMEMBER_PURPOSE) return;
  const presented = hashSecret(parsed.validator);
  const matches =
    hashesEqual(presented, token.hash) ||
    (token.previousHash !== null && hashesEqual(presented, token.previousHash));
  if (matches) await engine.stores.tokens.delete(token.selector);
}
