/**
 * @module Migration from Flask-Login: its stateless `id|hmac-sha512` remember
 * cookie is accepted once per cookie value and swapped for a revocable
 * `selector.validator` token, so users moved from a Flask app stay logged in.
 */
import { decodeLegacyCookie } from '../http/legacy-cookie.js';
import type { AuthEngine } from './engine.js';
import { hashSecret } from './token.js';

/** Tokens of this purpose mark legacy cookie values already swapped. */
export const LEGACY_SWAPPED_PURPOSE = 'legacy-remember-swapped';

/**
 * The user id in a valid legacy cookie not seen before, recording it as used;
 * null for anything else (never throws).
 */
export async function acceptLegacyRememberCookie<U>(
  engine: AuthEngine<U>,
  value: string,
): Promise<string | null> {
  const legacy = engine.config.legacyRemember;
  if (!legacy) return null;
  const legacyId = decodeLegacyCookie(value, legacy.keys);
  if (legacyId === null || legacyId === '') return null;
  // The marker's selector is derived from the cookie, so a replay finds it.
  const selector = hashSecret(`legacy:${value}`).slice(0, 22);
  if (await engine.stores.tokens.get(selector)) return null;
  const userId = legacy.userIdFor ? await legacy.userIdFor(legacyId) : legacyId;
  if (userId === null || userId === '') return null;
  const now = engine.config.clock();
  try {
    await engine.stores.tokens.create({
      selector,
      userId,
      purpose: LEGACY_SWAPPED_PURPOSE,
      hash: hashSecret(value),
      previousHash: null,
      rotatedAt: null,
      createdAt: now,
      expiresAt: now + legacy.markerLifetimeMs,
      data: null,
    });
  } catch {
    return null; // a parallel request swapped this cookie first
  }
  return userId;
}
