/** @module Starting, moving and ending a browser's login session: the steps behind login, logout and confirm. */
import type { SessionRecord } from '../stores/types.js';
import type { CookieJar } from './cookie-jar.js';
import type { AuthEngine } from './engine.js';
import { protectSession } from './protection.js';
import { revokeRememberCookie } from './remember-me.js';
import type { AuthState, RequestAuth } from './request-auth.js';
import { hashSecret, isSecret } from './token.js';

/** What a new session starts with. */
export interface SessionStart {
  readonly userId: string;
  readonly freshAt: number | null;
  readonly remembered: boolean;
  readonly rememberSelector: string | null;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** The stored session the request's cookie names, or null. */
export async function sessionFromCookie<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
): Promise<SessionRecord | null> {
  const secret = auth.cookies.get(engine.config.sessionCookieName);
  return isSecret(secret) ? engine.readSession(hashSecret(secret)) : null;
}

/** Ends whatever login the browser holds: its session and its remember-me token. */
export async function endPriorLogin<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  jar: CookieJar,
  known?: SessionRecord | null,
): Promise<void> {
  const session = known === undefined ? await sessionFromCookie(engine, auth) : known;
  if (session) {
    await engine.endSessions([session.id]);
    if (session.rememberSelector) await engine.stores.tokens.delete(session.rememberSelector);
  }
  const { config } = engine;
  const remembered = auth.cookies.get(config.rememberCookieName);
  if (remembered !== undefined) {
    await revokeRememberCookie(engine, remembered);
    jar.delete(config.rememberCookieName, config.rememberCookie);
  }
}

/** Creates a session bound to this client and sets its cookie. */
export async function startSession<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  state: AuthState<U>,
  jar: CookieJar,
  init: SessionStart,
): Promise<void> {
  const { config } = engine;
  const userAgent = auth.request.header('user-agent');
  const address = auth.clientAddress;
  const { secret, session } = await engine.createSession({
    ...init,
    fingerprint: protectSession.fingerprintFor(config.protection, address, userAgent),
    userAgent,
    address,
  });
  jar.set(config.sessionCookieName, secret, config.sessionCookie);
  state.session = session;
}

/** Moves the current session to a new id (the old one dies at once), keeping its state. */
export async function rotateSession<U>(
  engine: AuthEngine<U>,
  auth: RequestAuth<U>,
  state: AuthState<U>,
  jar: CookieJar,
  patch: { readonly freshAt?: number },
): Promise<void> {
  const old = state.session;
  if (!old) return;
  await engine.endSessions([old.id]);
  await startSession(engine, auth, state, jar, {
    userId: old.userId,
    freshAt: patch.freshAt ?? old.freshAt,
    remembered: old.remembered,
    rememberSelector: old.rememberSelector,
    data: old.data,
  });
}
