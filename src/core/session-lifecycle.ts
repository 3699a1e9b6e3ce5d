/**
 * @module A browser's login session: resumed from its cookie, started, moved to a new
 * id, and ended — the steps behind resolution, login, logout and confirm.
 */
import type { SessionRecord } from '../stores/types.js';
import { withCsrfSecret } from './csrf-token.js';
import { protectSession } from './protection.js';
import { revokeRememberCookie } from './remember-token.js';
import type { RequestContext } from './request-context.js';
import { hashSecret, isSecret } from './token.js';

/** What a new session starts with. */
export interface SessionStart {
  readonly userId: string;
  readonly freshAt: number | null;
  readonly remembered: boolean;
  readonly rememberSelector: string | null;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** How the session cookie was judged: a user (and whether activity was written), nothing, or a session protection ended. */
export type SessionCookieResult =
  | { readonly kind: 'found'; readonly session: SessionRecord; readonly touched: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'protected' };

const NONE = { kind: 'none' } as const;

/** The stored session the request's cookie names, or null. */
export async function sessionFromCookie<U>(ctx: RequestContext<U>): Promise<SessionRecord | null> {
  const secret = ctx.cookies.get(ctx.engine.config.sessionCookieName);
  return isSecret(secret) ? ctx.engine.readSession(hashSecret(secret)) : null;
}

/** Resumes the session the cookie names: protection, the user, activity; fills `ctx.state`. */
export async function resumeSession<U>(ctx: RequestContext<U>): Promise<SessionCookieResult> {
  const { engine, jar } = ctx;
  const { config } = engine;
  const secret = ctx.cookies.get(config.sessionCookieName);
  if (secret === undefined) return NONE;
  const dropCookie = () => jar.delete(config.sessionCookieName, config.sessionCookie);
  // The steady state (session, fingerprint and user all cached) awaits nothing.
  const id = isSecret(secret) ? hashSecret(secret) : null;
  let session = id === null ? null : (engine.cachedSession(id) ?? (await engine.readSession(id)));
  if (!session) {
    dropCookie();
    return NONE;
  }
  const client = { address: ctx.clientAddress, userAgent: ctx.request.header('user-agent') };
  const bound = protectSession.fingerprintFor(config.protection, client.address, client.userAgent);
  if (bound !== null && bound !== session.fingerprint) {
    const kept = await applyProtection(ctx, session, client);
    if (kept === null) return PROTECTED;
    session = kept;
  }
  const hit = engine.cachedUser(session.userId);
  const user = hit ? hit.user : await engine.loadUser(session.userId);
  if (user === null || (config.endInactiveSessions && !config.isUserActive(user))) {
    // The loader rejected the id (deleted or disabled user): drop it for good.
    await engine.endSessions([session.id]);
    dropCookie();
    return NONE;
  }
  const touched = engine.touchDue(session);
  if (touched) session = await engine.touchIfDue(session);
  Object.assign(ctx.state, { user, session, source: 'session' });
  return { kind: 'found', session, touched };
}

const PROTECTED = { kind: 'protected' } as const;

/** A client unlike the session's: the protection mode decides; null when it ended the session. */
async function applyProtection<U>(
  ctx: RequestContext<U>,
  session: SessionRecord,
  client: { address: string | null; userAgent: string | null },
): Promise<SessionRecord | null> {
  const { engine, jar } = ctx;
  const { config } = engine;
  const protection = await protectSession.check(engine, session, client);
  if (protection.changed) {
    engine.events.emit('sessionProtected', {
      mode: config.protection === 'strong' ? 'strong' : 'basic',
      userId: session.userId,
      request: ctx.request,
    });
  }
  if (protection.kind === 'kept') return protection.session;
  jar.delete(config.sessionCookieName, config.sessionCookie);
  if (ctx.cookies.has(config.rememberCookieName)) {
    jar.delete(config.rememberCookieName, config.rememberCookie);
  }
  return null;
}

/** Ends whatever login the browser holds: its session and its remember-me token. */
export async function endPriorLogin<U>(
  ctx: RequestContext<U>,
  known?: SessionRecord | null,
): Promise<void> {
  const { engine } = ctx;
  const session = known === undefined ? await sessionFromCookie(ctx) : known;
  if (session) {
    await engine.endSessions([session.id]);
    if (session.rememberSelector) await engine.stores.tokens.delete(session.rememberSelector);
  }
  const { config } = engine;
  const remembered = ctx.cookies.get(config.rememberCookieName);
  if (remembered !== undefined) {
    await revokeRememberCookie(engine, remembered);
    ctx.jar.delete(config.rememberCookieName, config.rememberCookie);
  }
}

/** Creates a session bound to this client, sets its cookie and makes it the request's. */
export async function startSession<U>(ctx: RequestContext<U>, init: SessionStart): Promise<void> {
  const { config } = ctx.engine;
  const userAgent = ctx.request.header('user-agent');
  const address = ctx.clientAddress;
  const { secret, session } = await ctx.engine.createSession({
    ...init,
    data: withCsrfSecret(config.csrf, init.data ?? {}, config.random),
    fingerprint: protectSession.fingerprintFor(config.protection, address, userAgent),
    userAgent,
    address,
  });
  ctx.jar.set(config.sessionCookieName, secret, config.sessionCookie);
  ctx.state.session = session;
}

/** Moves the current session to a new id (the old one dies at once), keeping its state. */
export async function rotateSession<U>(
  ctx: RequestContext<U>,
  patch: { readonly freshAt?: number },
): Promise<void> {
  const old = ctx.state.session;
  if (!old) return;
  await ctx.engine.endSessions([old.id]);
  await startSession(ctx, {
    userId: old.userId,
    freshAt: patch.freshAt ?? old.freshAt,
    remembered: old.remembered,
    rememberSelector: old.rememberSelector,
    data: old.data,
  });
}

/** Merges small JSON data into the current session; false when there is none. */
export async function updateSessionData<U>(
  ctx: RequestContext<U>,
  patch: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  const session = ctx.state.session;
  if (!session) return false;
  ctx.state.session = await ctx.engine.updateSession(session, {
    data: { ...session.data, ...patch },
  });
  return true;
}

/** Fresh: a password was proved on this session (at most `maxAgeMs` ago, when given). */
export function isFreshSession(
  session: SessionRecord | null,
  now: number,
  maxAgeMs?: number,
): boolean {
  const freshAt = session?.freshAt ?? null;
  if (freshAt === null) return false;
  return maxAgeMs === undefined || now - freshAt <= maxAgeMs;
}
