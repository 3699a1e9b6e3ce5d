/**
 * @module The remember-me cookie on a request: restoring a non-fresh session from it,
 * rotating it, refreshing its lifetime, and setting it with its owner's attributes.
 */
import type { CookieAttributes } from '../http/cookies.js';
import type { SessionRecord } from '../stores/types.js';
import type { CookieJar } from './cookie-jar.js';
import type { AuthEngine } from './engine.js';
import { checkRememberToken } from './remember-token.js';
import type { RequestContext } from './request-context.js';
import { startSession } from './session-lifecycle.js';

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

/** With `refreshEachRequest`, re-issues the remember cookie of a remembered login with a later expiry. */
export async function refreshRememberCookie<U>(
  ctx: RequestContext<U>,
  session: SessionRecord,
  touched: boolean,
): Promise<void> {
  const { engine } = ctx;
  const { config } = engine;
  if (!config.refreshEachRequest || !session.rememberSelector) return;
  const value = ctx.cookies.get(config.rememberCookieName);
  if (!value?.startsWith(`${session.rememberSelector}.`)) return;
  setRememberCookie(engine, ctx.jar, value, config.rememberDurationMs);
  // The stored expiry follows at most once a minute, with the session's own touch.
  if (touched) {
    await engine.stores.tokens.touch(
      session.rememberSelector,
      config.clock() + config.rememberDurationMs,
    );
  }
}

/** How the remember-me cookie was judged: restored, absent, or refused (and dropped). */
export type RememberResult = 'restored' | 'absent' | 'refused' | 'invalid';

/**
 * Restores a login from the remember-me cookie. A bad cookie is dropped (a later step may
 * set a new one: the jar keeps the last write); a stolen one ends every login of its user.
 */
export async function restoreFromRememberCookie<U>(
  ctx: RequestContext<U>,
): Promise<RememberResult> {
  const { engine } = ctx;
  const { config } = engine;
  const value = ctx.cookies.get(config.rememberCookieName);
  if (value === undefined) return 'absent';
  const dropCookie = () => ctx.jar.delete(config.rememberCookieName, config.rememberCookie);
  const check = await checkRememberToken(engine, value);
  if (check.kind === 'theft') {
    await engine.revokeUser(check.userId, { allTokens: true });
    dropCookie();
    engine.events.emit('rememberTokenTheft', { userId: check.userId, request: ctx.request });
    return 'refused';
  }
  if (check.kind === 'invalid') {
    dropCookie();
    return 'invalid';
  }
  const { token } = check;
  const user = await engine.loadUser(token.userId);
  if (user === null || !config.isUserActive(user)) {
    await engine.stores.tokens.delete(token.selector);
    dropCookie();
    return 'refused';
  }
  const maxAgeMs = config.refreshEachRequest
    ? config.rememberDurationMs
    : token.expiresAt - config.clock();
  await restoreRemembered(ctx, {
    user,
    userId: token.userId,
    selector: token.selector,
    cookie: check.value === null ? null : { value: check.value, maxAgeMs },
  });
  return 'restored';
}

/** What a restore from a cookie brings: the user, its token, and the cookie to send (if new). */
export interface RememberedLogin<U> {
  readonly user: U;
  readonly userId: string;
  readonly selector: string;
  readonly cookie: { readonly value: string; readonly maxAgeMs: number } | null;
}

/** Starts a non-fresh, remembered session for a user restored from a cookie. */
export async function restoreRemembered<U>(
  ctx: RequestContext<U>,
  restored: RememberedLogin<U>,
): Promise<void> {
  const { engine } = ctx;
  await startSession(ctx, {
    userId: restored.userId,
    freshAt: null,
    remembered: true,
    rememberSelector: restored.selector,
  });
  if (restored.cookie) {
    setRememberCookie(engine, ctx.jar, restored.cookie.value, restored.cookie.maxAgeMs);
  }
  Object.assign(ctx.state, { user: restored.user, source: 'remember' });
  engine.events.emit('userLoadedFromCookie', {
    user: restored.user,
    userId: restored.userId,
    request: ctx.request,
  });
}
