/**
 * @module The per-request auth state: the lazily loaded current user, and the
 * verbs that change it (login, logout, confirm). Changes are recorded as intent
 * and rendered into `Set-Cookie` values once, when the response leaves.
 */
import { clientAddress } from '../http/client-address.js';
import { parseCookieHeader } from '../http/cookies.js';
import { safeNext } from '../http/safe-next.js';
import type { SessionRecord } from '../stores/types.js';
import { BrowserTickets } from './browser-ticket.js';
import { CookieJar } from './cookie-jar.js';
import {
  type CsrfBindingSource,
  type CsrfVerdict,
  checkCsrf,
  ensureCsrfBinding,
  existingCsrfBinding,
  maskCsrfToken,
  type ResolvedCsrf,
} from './csrf.js';
import { type Duration, durationToMs } from './duration.js';
import type { AuthEngine } from './engine.js';
import { LatchkeyError } from './errors.js';
import { FlashBox, type FlashMessage } from './flash.js';
import { checkAccess, type GuardOptions, type GuardOutcome } from './guards.js';
import { PendingLoginStep } from './pending-login.js';
import { issueRememberToken, setRememberCookie } from './remember-me.js';
import type { RequestView } from './request-view.js';
import { resolveUser } from './resolve-user.js';
import { type SessionInfo, toSessionInfo } from './session-info.js';
import {
  endPriorLogin,
  rotateSession,
  sessionFromCookie,
  startSession,
} from './session-lifecycle.js';
import type { AnonymousUser } from './user.js';

/** How the current user was authenticated on this request. */
export type AuthSource = 'session' | 'remember' | 'request' | 'login';

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

/** Internal mutable state shared with the resolution step. */
export interface AuthState<U> {
  user: U | null;
  session: SessionRecord | null;
  source: AuthSource | null;
}

/**
 * One request's view of who is logged in. Adapters create it with
 * `manager.begin(request)` and send `setCookieHeaders()` with the response.
 *
 * @example const user = await auth.user(); if (!isAnonymous(user)) …
 */
export class RequestAuth<U> {
  readonly request: RequestView;
  readonly #engine: AuthEngine<U>;
  readonly #jar = new CookieJar();
  readonly #state: AuthState<U> = { user: null, session: null, source: null };
  #cookies: Map<string, string> | null = null;
  #address: string | null | undefined;
  #loading: Promise<void> | null = null;
  #flashes: FlashBox | null = null;
  #tickets: BrowserTickets<U> | null = null;
  #pending: PendingLoginStep<U> | null = null;

  constructor(engine: AuthEngine<U>, request: RequestView) {
    this.#engine = engine;
    this.request = request;
  }

  /** The request's cookies, parsed once (never throws on bad bytes). */
  get cookies(): ReadonlyMap<string, string> {
    this.#cookies ??= parseCookieHeader(this.request.header('cookie'));
    return this.#cookies;
  }

  /** The client's address, read through the trusted-proxy setting. */
  get clientAddress(): string | null {
    if (this.#address === undefined) {
      this.#address = clientAddress(
        this.request.remoteAddress,
        this.request.header('x-forwarded-for'),
        this.#engine.config.trustProxy,
      );
    }
    return this.#address;
  }

  /** The current user, loaded at most once per request; the anonymous user when nobody. */
  async user(): Promise<U | AnonymousUser> {
    await this.#load();
    return this.#state.user ?? this.#engine.config.anonymousUser();
  }

  /** The current user, or null when anonymous. */
  async currentUser(): Promise<U | null> {
    await this.#load();
    return this.#state.user;
  }

  async isAuthenticated(): Promise<boolean> {
    return (await this.currentUser()) !== null;
  }

  /** Fresh: a password was proved on this session (within `freshFor`, when given). */
  async isFresh(options: { freshFor?: Duration } = {}): Promise<boolean> {
    await this.#load();
    const freshAt = this.#state.session?.freshAt ?? null;
    if (freshAt === null) return false;
    if (options.freshFor === undefined) return true;
    return this.#engine.config.clock() - freshAt <= durationToMs(options.freshFor, 'freshFor');
  }

  /** Remembered: this session was restored from a remember-me cookie. */
  async isRemembered(): Promise<boolean> {
    await this.#load();
    return this.#state.session?.remembered ?? false;
  }

  async source(): Promise<AuthSource | null> {
    await this.#load();
    return this.#state.source;
  }

  /** The current session, or null (anonymous, or authenticated by the request loader). */
  async session(): Promise<SessionInfo | null> {
    await this.#load();
    const session = this.#state.session;
    return session ? toSessionInfo(session) : null;
  }

  /** Logs a user in: a new session (and remember-me cookie); false for an inactive user unless forced. */
  async login(user: U, options: LoginOptions = {}): Promise<boolean> {
    const { config } = this.#engine;
    if (!options.force && !config.isUserActive(user)) return false;
    const userId = config.getUserId(user);
    const durationMs =
      options.duration === undefined
        ? config.rememberDurationMs
        : durationToMs(options.duration, 'duration');
    await endPriorLogin(this.#engine, this, this.#jar);
    await this.pendingLogin.cancel();
    let rememberSelector: string | null = null;
    if (options.remember) {
      const issued = await issueRememberToken(this.#engine, userId, durationMs);
      rememberSelector = issued.selector;
      setRememberCookie(this.#engine, this.#jar, issued.value, durationMs);
    }
    const fresh = options.fresh ?? true;
    await startSession(this.#engine, this, this.#state, this.#jar, {
      userId,
      freshAt: fresh ? config.clock() : null,
      remembered: false,
      rememberSelector,
    });
    Object.assign(this.#state, { user, source: 'login' });
    this.#loading = Promise.resolve();
    this.#engine.events.emit('userLoggedIn', {
      user,
      userId,
      remember: options.remember ?? false,
      fresh,
      request: this.request,
    });
    return true;
  }

  /** Logs out: ends the session and the remember-me token for good, and expires both cookies. */
  async logout(): Promise<void> {
    if (this.#loading) await this.#loading;
    const session = this.#loading
      ? this.#state.session
      : await sessionFromCookie(this.#engine, this);
    // The event carries the user even when the handler never touched it (null only when gone).
    const user = this.#loading
      ? this.#state.user
      : session
        ? await this.#engine.loadUser(session.userId)
        : null;
    await endPriorLogin(this.#engine, this, this.#jar, session);
    await this.pendingLogin.cancel();
    const { config } = this.#engine;
    this.#jar.delete(config.sessionCookieName, config.sessionCookie);
    this.#jar.delete(config.rememberCookieName, config.rememberCookie);
    Object.assign(this.#state, { user: null, session: null, source: null });
    this.#loading = Promise.resolve();
    this.#engine.events.emit('userLoggedOut', {
      user,
      userId: user === null ? (session?.userId ?? null) : config.getUserId(user),
      request: this.request,
    });
  }

  /** Marks the login fresh after the user re-entered their password, under a new session id. */
  async confirmLogin(): Promise<void> {
    const user = await this.currentUser();
    if (!user || !this.#state.session) return;
    await rotateSession(this.#engine, this, this.#state, this.#jar, {
      freshAt: this.#engine.config.clock(),
    });
    this.#engine.events.emit('userLoginConfirmed', {
      user,
      userId: this.#state.session.userId,
      request: this.request,
    });
  }

  /** Moves the session to a new id, keeping its state (after any privilege change). */
  async renewSession(): Promise<void> {
    await this.#load();
    if (this.#state.session) await rotateSession(this.#engine, this, this.#state, this.#jar, {});
  }

  /** Ends every other session and remember-me token of the current user; returns how many sessions ended. */
  async revokeOtherSessions(): Promise<number> {
    await this.#load();
    const session = this.#state.session;
    if (!session) return 0;
    const ids = await this.#engine.revokeUser(session.userId, { exceptId: session.id });
    // Every remember-me token went too, this browser's included: its cookie is dead.
    const { config } = this.#engine;
    if (this.cookies.has(config.rememberCookieName)) {
      this.#jar.delete(config.rememberCookieName, config.rememberCookie);
    }
    return ids.length;
  }

  /** Merges small JSON data into the current session (e.g. a CSRF token); false when there is none. */
  async setSessionData(patch: Readonly<Record<string, unknown>>): Promise<boolean> {
    await this.#load();
    const session = this.#state.session;
    if (!session) return false;
    this.#state.session = await this.#engine.updateSession(session, {
      data: { ...session.data, ...patch },
    });
    return true;
  }

  /** Adds a message for the next page. */
  flash(message: string, category = 'message'): void {
    this.#flashBox().add({ category, message });
  }

  /** The messages waiting for this page, removed as they are read. */
  takeFlashes(): FlashMessage[] {
    return this.#flashBox().take();
  }

  /** The page an unauthorized visitor was sent away from (with `useSessionForNext`), once. */
  takeNext(): string | null {
    const { config } = this.#engine;
    const value = this.cookies.get(config.nextCookieName);
    if (value === undefined) return null;
    this.#jar.delete(config.nextCookieName, config.noteCookie);
    return safeNext(value, { origin: URL.parse(this.request.url)?.origin ?? undefined });
  }

  /** Stores the page to return to in a short-lived cookie (`useSessionForNext`). */
  rememberNext(path: string): void {
    const { config } = this.#engine;
    this.#jar.set(config.nextCookieName, path, config.noteCookie);
  }

  /**
   * The CSRF token for this page's forms, fresh bytes each call (needs the manager's `csrf` option).
   *
   * @example <input type="hidden" name="csrf_token" value={await auth.csrfToken()} />
   */
  async csrfToken(): Promise<string> {
    const csrf = this.#csrf();
    const { random } = this.#engine.config;
    return maskCsrfToken(
      csrf,
      await ensureCsrfBinding(csrf, await this.#csrfSource(), random),
      random,
    );
  }

  /**
   * Judges an unsafe request: `Sec-Fetch-Site`, `Origin`, then the submitted token.
   *
   * @example if (!(await auth.verifyCsrf(form.get('csrf_token'))).ok) return c.text('Forbidden', 403);
   */
  async verifyCsrf(token: string | undefined): Promise<CsrfVerdict> {
    const csrf = this.#csrf();
    return checkCsrf(
      csrf,
      this.request,
      token,
      existingCsrfBinding(csrf, await this.#csrfSource()),
    );
  }

  /** Short-lived, single-use state bound to this browser by a cookie (not a session). */
  get tickets(): BrowserTickets<U> {
    this.#tickets ??= new BrowserTickets(this.#engine, this.cookies, this.#jar);
    return this.#tickets;
  }

  /**
   * The login waiting for a second factor: `begin` after the password, `complete` after the code.
   *
   * @example if (await auth.pendingLogin.begin(user, { remember, next })) return redirect('/two-factor');
   */
  get pendingLogin(): PendingLoginStep<U> {
    this.#pending ??= new PendingLoginStep(this.#engine, this, this.tickets, () =>
      endPriorLogin(this.#engine, this, this.#jar),
    );
    return this.#pending;
  }

  /** Decides whether this request may reach a guarded handler. */
  check(options: GuardOptions<U> = {}): Promise<GuardOutcome> {
    return checkAccess(this, this.#engine, options);
  }

  /** The `Set-Cookie` values this request produced; call once, as the response leaves. */
  setCookieHeaders(): string[] {
    const { config } = this.#engine;
    const flash = this.#flashes?.outgoing();
    if (typeof flash === 'string') this.#jar.set(config.flashCookieName, flash, config.noteCookie);
    else if (flash === null) this.#jar.delete(config.flashCookieName, config.noteCookie);
    return this.#jar.flush();
  }

  /** True when this response must not be cached (it sets or clears a cookie). */
  get setsCookies(): boolean {
    return !this.#jar.isEmpty;
  }

  #flashBox(): FlashBox {
    this.#flashes ??= new FlashBox(this.cookies.get(this.#engine.config.flashCookieName));
    return this.#flashes;
  }

  #csrf(): ResolvedCsrf {
    const { csrf } = this.#engine.config;
    if (!csrf)
      throw new LatchkeyError('config_invalid', 'CSRF needs the csrf option on the LoginManager.');
    return csrf;
  }

  async #csrfSource(): Promise<CsrfBindingSource> {
    await this.#load();
    const jar = this.#jar;
    return {
      sessionData: this.#state.session?.data ?? null,
      updateSessionData: (patch) => this.setSessionData(patch),
      // A binding cookie set earlier in this request counts, so every form on a page agrees.
      cookie: (name) => jar.pendingValue(name) ?? this.cookies.get(name),
      setCookie: jar.set.bind(jar),
    };
  }

  #load(): Promise<void> {
    this.#loading ??= resolveUser(this.#engine, this, this.#state, this.#jar);
    return this.#loading;
  }
}
