/**
 * @module Who is this? The lazy load behind `auth.user()`, in Flask-Login's
 * order: session → remember-me cookie → request loader → anonymous.
 */
import type { SessionRecord } from '../stores/types.js';
import type { CookieJar } from './cookie-jar.js';
import type { AuthEngine } from './engine.js';
import { acceptLegacyRememberCookie } from './legacy-remember.js';
import { protectSession } from './protection.js';
import { checkRememberToken, issueRememberToken, setRememberCookie } from './remember-me.js';
import type { AuthState, RequestAuth } from './request-auth.js';
import { hashSecret, isSecret } from './token.js';

/** Fills `state` for one request; called at most once per request. */
export async function resolveUser<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  state: AuthState<U>,
  jar: CookieJar,
): Promise<void> {
  const { config } = engine;
  engine.events.emit('userAccessed', { request: auth.request });
  const fromSession = await fromSessionCookie(engine, auth, state, jar);
  if (fromSession === 'found') return;
  if (fromSession !== 'protected' && (await fromRememberCookie(engine, auth, state, jar))) return;
  if (config.requestLoader) {
    const user = (await config.requestLoader(auth.request)) ?? null;
    if (user !== null) {
      Object.assign(state, { user, session: null, source: 'request' });
      engine.events.emit('userLoadedFromRequest', { user, request: auth.request });
    }
  }
}

async function fromSessionCookie<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  state: AuthState<U>,
  jar: CookieJar,
): Promise<'found' | 'none' | 'protected'> {
  const { config } = engine;
  const secret = auth.cookies.get(config.sessionCookieName);
  if (secret === undefined) return 'none';
  const dropCookie = () => jar.delete(config.sessionCookieName, config.sessionCookie);
  let session: SessionRecord | null = isSecret(secret)
    ? await engine.readSession(hashSecret(secret))
    : null;
  if (!session) {
    dropCookie();
    return 'none';
  }
  const userAgent = auth.request.header('user-agent');
  const protection = await protectSession.check(engine, session, {
    address: auth.clientAddress,
    userAgent,
  });
  if (protection.changed) {
    engine.events.emit('sessionProtected', {
      mode: config.protection === 'strong' ? 'strong' : 'basic',
      userId: session.userId,
      request: auth.request,
    });
  }
  if (protection.kind === 'ended') {
    dropCookie();
    if (auth.cookies.has(config.rememberCookieName)) {
      jar.delete(config.rememberCookieName, config.rememberCookie);
    }
    return 'protected';
  }
  session = protection.session;
  const user = await engine.loadUser(session.userId);
  if (user === null || (config.endInactiveSessions && !config.isUserActive(user))) {
    // The loader rejected the id (deleted or disabled user): drop it for good.
    await engine.endSessions([session.id]);
    dropCookie();
    return 'none';
  }
  const before = session.lastSeenAt;
  session = await engine.touchIfDue(session);
  await refreshRememberCookie(engine, auth, session, jar, session.lastSeenAt !== before);
  Object.assign(state, { user, session, source: 'session' });
  return 'found';
}

/** With `refreshEachRequest`, re-issues the remember cookie of a remembered login with a later expiry. */
async function refreshRememberCookie<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  session: SessionRecord,
  jar: CookieJar,
  touched: boolean,
): Promise<void> {
  const { config } = engine;
  if (!config.refreshEachRequest || !session.rememberSelector) return;
  const value = auth.cookies.get(config.rememberCookieName);
  if (!value?.startsWith(`${session.rememberSelector}.`)) return;
  setRememberCookie(engine, jar, value, config.rememberDurationMs);
  // The stored expiry follows at most once a minute, with the session's own touch.
  if (touched) {
    await engine.stores.tokens.touch(
      session.rememberSelector,
      config.clock() + config.rememberDurationMs,
    );
  }
}

async function fromRememberCookie<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  state: AuthState<U>,
  jar: CookieJar,
): Promise<boolean> {
  const { config } = engine;
  const value = auth.cookies.get(config.rememberCookieName);
  if (value === undefined) return false;
  const dropCookie = () => jar.delete(config.rememberCookieName, config.rememberCookie);
  const check = await checkRememberToken(engine, value);
  if (check.kind === 'theft') {
    await engine.revokeUser(check.userId, { allTokens: true });
    dropCookie();
    engine.events.emit('rememberTokenTheft', { userId: check.userId, request: auth.request });
    return false;
  }
  if (check.kind === 'invalid') {
    if (await fromLegacyCookie(engine, auth, state, jar, value)) return true;
    dropCookie();
    return false;
  }
  const { token } = check;
  const user = await engine.loadUser(token.userId);
  if (user === null || !config.isUserActive(user)) {
    await engine.stores.tokens.delete(token.selector);
    dropCookie();
    return false;
  }
  const cookie =
    check.value === null
      ? null
      : {
          value: check.value,
          maxAgeMs: config.refreshEachRequest
            ? config.rememberDurationMs
            : token.expiresAt - config.clock(),
        };
  await restore(engine, auth, state, jar, {
    user,
    userId: token.userId,
    selector: token.selector,
    cookie,
  });
  return true;
}

/** Flask-Login's `id|hmac` cookie, accepted once and swapped for a Latchkey token. */
async function fromLegacyCookie<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  state: AuthState<U>,
  jar: CookieJar,
  value: string,
): Promise<boolean> {
  const { config } = engine;
  if (!config.legacyRemember) return false;
  const userId = await acceptLegacyRememberCookie(engine, value);
  if (userId === null) return false;
  const user = await engine.loadUser(userId);
  if (user === null || !config.isUserActive(user)) return false;
  const issued = await issueRememberToken(engine, userId, config.rememberDurationMs);
  await restore(engine, auth, state, jar, {
    user,
    userId,
    selector: issued.selector,
    cookie: { value: issued.value, maxAgeMs: config.rememberDurationMs },
  });
  return true;
}

/** Starts a non-fresh, remembered session for a user restored from a cookie. */
async function restore<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  state: AuthState<U>,
  jar: CookieJar,
  restored: {
    user: U;
    userId: string;
    selector: string;
    cookie: { value: string; maxAgeMs: number } | null;
  },
): Promise<void> {
  const { config } = engine;
  const userAgent = auth.request.header('user-agent');
  const { secret, session } = await engine.createSession({
    userId: restored.userId,
    freshAt: null,
    remembered: true,
    rememberSelector: restored.selector,
    fingerprint: protectSession.fingerprintFor(config.protection, auth.clientAddress, userAgent),
    userAgent,
    address: auth.clientAddress,
  });
  jar.set(config.sessionCookieName, secret, config.sessionCookie);
  if (restored.cookie) {
    setRememberCookie(engine, jar, restored.cookie.value, restored.cookie.maxAgeMs);
  }
  Object.assign(state, { user: restored.user, session, source: 'remember' });
  engine.events.emit('userLoadedFromCookie', {
    user: restored.user,
    userId: restored.userId,
    request: auth.request,
  });
}
