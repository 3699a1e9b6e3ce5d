/**
 * @module The per-request auth API: the lazily loaded current user, and the verbs
 * that change it (login, logout, confirm). Each verb is a step over the request's
 * context; cookies are recorded as intent and rendered once, when the response leaves.
 */

import { BrowserTickets } from './browser-ticket.js';
import { csrfTokenFor, verifyCsrfFor } from './csrf.js';
import type { CsrfVerdict } from './csrf-token.js';
import { type Duration, durationToMs } from './duration.js';
import type { AuthEngine } from './engine.js';
import { addFlash, rememberNext, takeFlashes, takeNext, writeFlashCookie } from './flash.js';
import type { FlashMessage } from './flash-box.js';
import { checkAccess, type GuardOutcome, type GuardRules } from './guards.js';
import { PendingLoginStep } from './pending-login.js';
import { setRememberCookie } from './remember-me.js';
import { issueRememberToken } from './remember-token.js';
import {
  type AuthSource,
  createRequestContext,
  type RequestContext,
  settle,
} from './request-context.js';
import type { RequestView } from './request-view.js';
import { resolveOnce } from './resolve-user.js';
import { type SessionInfo, toSessionInfo } from './session-info.js';
import {
  endPriorLogin,
  isFreshSession,
  rotateSession,
  sessionFromCookie,
  startSession,
  updateSessionData,
} from './session-lifecycle.js';
import type { AnonymousUser } from './user.js';

export type { AuthSource } from './request-context.js';

/** Options of `loginRequired` / `freshLoginRequired`; `authorize` is handed the request's auth. */
export type GuardOptions<U = unknown> = GuardRules<U, RequestAuth<U>>;

/** Options of {@link RequestAuth.login}. */
export interface LoginOptions {
  /** Also set a remember-me cookie. Default false. */
  readonly remember?: boolean;
  /** Lifetime of this login's remember-me cookie, overriding the configured one. */
  readonly duration?: Duration;
  /** Mark the login fresh (a password was just checked). Default true. */
  readonly fresh?: boolean;
  /** Log in even an inactive user. Default false. */
  readonly force?: boolean;
}

/**
 * One request's view of who is logged in. Adapters create it with
 * `manager.begin(request)` and send `setCookieHeaders()` with the response.
 *
 * @example const user = await auth.user(); if (!isAnonymous(user)) …
 */
export class RequestAuth<U> {
  readonly #ctx: RequestContext<U>;
  #tickets: BrowserTickets<U> | null = null;
  #pending: PendingLoginStep<U> | null = null;

  constructor(engine: AuthEngine<U>, request: RequestView) {
    this.#ctx = createRequestContext(engine, request);
  }

  get request(): RequestView {
    return this.#ctx.request;
  }

  /** The request's cookies, parsed once (never throws on bad bytes). */
  get cookies(): ReadonlyMap<string, string> {
    return this.#ctx.cookies;
  }

  /** The client's address, read through the trusted-proxy setting. */
  get clientAddress(): string | null {
    return this.#ctx.clientAddress;
  }

  /** The current user, loaded at most once per request; the anonymous user when nobody. */
  async user(): Promise<U | AnonymousUser> {
    return (await this.currentUser()) ?? this.#ctx.engine.config.anonymousUser();
  }

  /** The current user, or null when anonymous. */
  async currentUser(): Promise<U | null> {
    await resolveOnce(this.#ctx);
    return this.#ctx.state.user;
  }

  async isAuthenticated(): Promise<boolean> {
    return (await this.currentUser()) !== null;
  }

  /** Fresh: a password was proved on this session (within `freshFor`, when given). */
  async isFresh(options: { freshFor?: Duration } = {}): Promise<boolean> {
    await resolveOnce(this.#ctx);
    const maxAgeMs =
      options.freshFor === undefined ? undefined : durationToMs(options.freshFor, 'freshFor');
    return isFreshSession(this.#ctx.state.session, this.#ctx.engine.config.clock(), maxAgeMs);
  }

  /** Remembered: this session was restored from a remember-me cookie. */
  async isRemembered(): Promise<boolean> {
    await resolveOnce(this.#ctx);
    return this.#ctx.state.session?.remembered ?? false;
  }

  async source(): Promise<AuthSource | null> {
    await resolveOnce(this.#ctx);
    return this.#ctx.state.source;
  }

  /** The current session, or null (anonymous, or authenticated by the request loader). */
  async session(): Promise<SessionInfo | null> {
    await resolveOnce(this.#ctx);
    const session = this.#ctx.state.session;
    return session ? toSessionInfo(session) : null;
  }

  /** Logs a user in: a new session (and remember-me cookie); false for an inactive user unless forced. */
  async login(user: U, options: LoginOptions = {}): Promise<boolean> {
    const ctx = this.#ctx;
    const { engine } = ctx;
    const { config } = engine;
    if (!options.force && !config.isUserActive(user)) return false;
    const userId = config.getUserId(user);
    const durationMs =
      options.duration === undefined
        ? config.rememberDurationMs
        : durationToMs(options.duration, 'duration');
    await endPriorLogin(ctx);
    await this.pendingLogin.cancel();
    let rememberSelector: string | null = null;
    if (options.remember) {
      const issued = await issueRememberToken(engine, userId, durationMs);
      rememberSelector = issued.selector;
      setRememberCookie(engine, ctx.jar, issued.value, durationMs);
    }
    const fresh = options.fresh ?? true;
    await startSession(ctx, {
      userId,
      freshAt: fresh ? config.clock() : null,
      remembered: false,
      rememberSelector,
    });
    settle(ctx, { user, session: ctx.state.session, source: 'login' });
    engine.events.emit('userLoggedIn', {
      user,
      userId,
      remember: options.remember ?? false,
      fresh,
      request: ctx.request,
    });
    return true;
  }

  /** Logs out: ends the session and the remember-me token for good, and expires both cookies. */
  async logout(): Promise<void> {
    const ctx = this.#ctx;
    const { engine } = ctx;
    const { config } = engine;
    const resolved = ctx.resolving !== null;
    if (resolved) await ctx.resolving;
    const session = resolved ? ctx.state.session : await sessionFromCookie(ctx);
    // The event carries the user even when the handler never touched it (null only when gone).
    const user = resolved ? ctx.state.user : session ? await engine.loadUser(session.userId) : null;
    await endPriorLogin(ctx, session);
    await this.pendingLogin.cancel();
    ctx.jar.delete(config.sessionCookieName, config.sessionCookie);
    ctx.jar.delete(config.rememberCookieName, config.rememberCookie);
    settle(ctx, { user: null, session: null, source: null });
    engine.events.emit('userLoggedOut', {
      user,
      userId: user === null ? (session?.userId ?? null) : config.getUserId(user),
      request: ctx.request,
    });
  }

  /** Marks the login fresh after the user re-entered their password, under a new session id. */
  async confirmLogin(): Promise<void> {
    const ctx = this.#ctx;
    const user = await this.currentUser();
    if (!user || !ctx.state.session) return;
    await rotateSession(ctx, { freshAt: ctx.engine.config.clock() });
    ctx.engine.events.emit('userLoginConfirmed', {
      user,
      userId: ctx.state.session.userId,
      request: ctx.request,
    });
  }

  /** Moves the session to a new id, keeping its state (after any privilege change). */
  async renewSession(): Promise<void> {
    await resolveOnce(this.#ctx);
    await rotateSession(this.#ctx, {});
  }

  /** Ends every other session and remember-me token of the current user; returns how many sessions ended. */
  async revokeOtherSessions(): Promise<number> {
    const ctx = this.#ctx;
    await resolveOnce(ctx);
    const session = ctx.state.session;
    if (!session) return 0;
    const ids = await ctx.engine.revokeUser(session.userId, { exceptId: session.id });
    // Every remember-me token went too, this browser's included: its cookie is dead.
    const { config } = ctx.engine;
    if (ctx.cookies.has(config.rememberCookieName)) {
      ctx.jar.delete(config.rememberCookieName, config.rememberCookie);
    }
    return ids.length;
  }

  /** Merges small JSON data into the current session (e.g. a CSRF token); false when there is none. */
  async setSessionData(patch: Readonly<Record<string, unknown>>): Promise<boolean> {
    await resolveOnce(this.#ctx);
    return updateSessionData(this.#ctx, patch);
  }

  /** Adds a message for the next page. */
  flash(message: string, category = 'message'): void {
    addFlash(this.#ctx, { category, message });
  }

  /** The messages waiting for this page, removed as they are read. */
  takeFlashes(): FlashMessage[] {
    return takeFlashes(this.#ctx);
  }

  /** The page an unauthorized visitor was sent away from (with `useSessionForNext`), once. */
  takeNext(): string | null {
    return takeNext(this.#ctx);
  }

  /** Stores the page to return to in a short-lived cookie (`useSessionForNext`). */
  rememberNext(path: string): void {
    rememberNext(this.#ctx, path);
  }

  /**
   * The CSRF token for this page's forms, fresh bytes each call (needs the manager's `csrf` option).
   *
   * @example <input type="hidden" name="csrf_token" value={await auth.csrfToken()} />
   */
  csrfToken(): Promise<string> {
    return csrfTokenFor(this.#ctx);
  }

  /**
   * Judges an unsafe request: `Sec-Fetch-Site`, `Origin`, then the submitted token.
   *
   * @example if (!(await auth.verifyCsrf(form.get('csrf_token'))).ok) return c.text('Forbidden', 403);
   */
  verifyCsrf(token: string | undefined): Promise<CsrfVerdict> {
    return verifyCsrfFor(this.#ctx, token);
  }

  /** Short-lived, single-use state bound to this browser by a cookie (not a session). */
  get tickets(): BrowserTickets<U> {
    this.#tickets ??= new BrowserTickets(this.#ctx);
    return this.#tickets;
  }

  /**
   * The login waiting for a second factor: `begin` after the password, `complete` after the code.
   *
   * @example if (await auth.pendingLogin.begin(user, { remember, next })) return redirect('/two-factor');
   */
  get pendingLogin(): PendingLoginStep<U> {
    this.#pending ??= new PendingLoginStep(this.#ctx, this.tickets, (user, options) =>
      this.login(user, options),
    );
    return this.#pending;
  }

  /** Decides whether this request may reach a guarded handler. */
  check(options: GuardOptions<U> = {}): Promise<GuardOutcome> {
    return checkAccess(this.#ctx, options, this);
  }

  /** The `Set-Cookie` values this request produced; call once, as the response leaves. */
  setCookieHeaders(): string[] {
    writeFlashCookie(this.#ctx);
    return this.#ctx.jar.flush();
  }
}
