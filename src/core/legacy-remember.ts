/**
 * @module Migration from Flask-Login: its stateless `id|hmac-sha512` remember
 * cookie is accepted once per cookie value and swapped for a revocable
 * `selector.validator` token, so users moved from a Flask app stay logged in.
 */
import { decodeLegacyCookie } from '../http/legacy-cookie.js';
import type { AuthEngine } from './engine.js';
import { restoreRemembered } from './remember-me.js';
import { issueRememberToken } from './remember-token.js';
import type { RequestContext } from './request-context.js';
import { hashSecret } from './token.js';
import { writeTokenRecord } from './token-record.js';

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
  const { tokens } = engine.stores;
  if (await tokens.get(selector)) return null;
  const userId = legacy.userIdFor ? await legacy.userIdFor(legacyId) : legacyId;
  if (userId === null || userId === '') return null;
  const now = engine.config.clock();
  try {
    await writeTokenRecord(tokens, selector, hashSecret(value), {
      userId,
      purpose: LEGACY_SWAPPED_PURPOSE,
      createdAt: now,
      expiresAt: now + legacy.markerLifetimeMs,
    });
  } catch {
    return null; // a parallel request swapped this cookie first
  }
  return userId;
}

/** Restores a login from a Flask-Login cookie (once), issuing a Latchkey remember-me token. */
export async function restoreFromLegacyCookie<U>(ctx: RequestContext<U>): Promise<boolean> {
  const { engine } = ctx;
  const { config } = engine;
  const value = ctx.cookies.get(config.rememberCookieName);
  if (!config.legacyRemember || value === undefined) return false;
  const userId = await acceptLegacyRememberCookie(engine, value);
  if (userId === null) return false;
  const user = await engine.loadUser(userId);
  if (user === null || !config.isUserActive(user)) return false;
  const issued = await issueRememberToken(engine, userId, config.rememberDurationMs);
  await restoreRemembered(ctx, {
    user,
    userId,
    selector: issued.selector,
    cookie: { value: issued.value, maxAgeMs: config.rememberDurationMs },
  });
  return true;
}
