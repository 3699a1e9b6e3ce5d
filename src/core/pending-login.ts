/**
 * @module A login pending a second factor: a correct password for a two-factor user leaves
 * only a short-lived browser ticket (not a session: no guarded page opens, `isFresh()` is
 * false, `user()` is anonymous); a correct second factor turns it into a full, fresh login
 * with a new session id, carrying `next` and remember-me from the password step.
 */
import type { BrowserTickets } from './browser-ticket.js';
import { type Duration, durationToMs } from './duration.js';
import type { RequestContext } from './request-context.js';
import type { RequestView } from './request-view.js';
import { endPriorLogin } from './session-lifecycle.js';

/** The cookie that binds a pending login to its browser. */
export const PENDING_LOGIN_COOKIE = 'pending_login';
const PURPOSE = 'pending-login';
const DEFAULT_LIFETIME_MS = 5 * 60_000;

/** Options of {@link PendingLoginStep.begin}. */
export interface PendingLoginOptions {
  /** Set a remember-me cookie once the second factor is proved. Default false. */
  readonly remember?: boolean;
  /** The (already checked) page to return to after the second factor. */
  readonly next?: string | null;
  /** How long the browser has to give the second factor; default 5 minutes. */
  readonly lifetime?: Duration;
}

/** A login waiting for its second factor, as the server sees it (the browser sees only a cookie). */
export interface PendingLogin {
  readonly userId: string;
  readonly remember: boolean;
  readonly next: string | null;
  readonly startedAt: number;
  readonly expiresAt: number;
}

/** A completed second factor: the user now logged in, and where the login meant to go. */
export interface CompletedLogin<U> {
  readonly user: U;
  readonly next: string | null;
}

/**
 * The pending-login verbs of one request, reached as `auth.pendingLogin`.
 *
 * @example
 * await auth.pendingLogin.begin(account, { remember, next });
 * // …later, once the code checks out:
 * const done = await auth.pendingLogin.complete({ userId: pending.userId, method: 'totp' });
 */
export class PendingLoginStep<U> {
  readonly #ctx: RequestContext<U>;
  readonly #tickets: BrowserTickets<U>;
  /** The request's own login verb, so a completed login is exactly a login. */
  readonly #login: (user: U, options: { remember: boolean; fresh: true }) => Promise<boolean>;

  constructor(
    ctx: RequestContext<U>,
    tickets: BrowserTickets<U>,
    login: (user: U, options: { remember: boolean; fresh: true }) => Promise<boolean>,
  ) {
    this.#ctx = ctx;
    this.#tickets = tickets;
    this.#login = login;
  }

  get #request(): RequestView {
    return this.#ctx.request;
  }

  /**
   * After a correct password: ends whatever login the browser held and leaves a pending one
   * for `user`; false (nothing changes) for an inactive user.
   */
  async begin(user: U, options: PendingLoginOptions = {}): Promise<boolean> {
    const { engine } = this.#ctx;
    const { config } = engine;
    if (!config.isUserActive(user)) return false;
    const userId = config.getUserId(user);
    const lifetimeMs =
      options.lifetime === undefined
        ? DEFAULT_LIFETIME_MS
        : durationToMs(options.lifetime, 'lifetime');
    await endPriorLogin(this.#ctx);
    await this.#tickets.issue(PENDING_LOGIN_COOKIE, PURPOSE, {
      userId,
      lifetimeMs,
      data: { remember: options.remember === true, next: options.next ?? null },
    });
    engine.events.emit('secondFactorRequired', { user, userId, request: this.#request });
    return true;
  }

  /** This browser's pending login, or null (none, expired, used, or a forged cookie). */
  async current(): Promise<PendingLogin | null> {
    const record = await this.#tickets.read(PENDING_LOGIN_COOKIE, PURPOSE);
    if (!record) return null;
    const next = record.data?.next;
    return {
      userId: record.userId,
      remember: record.data?.remember === true,
      next: typeof next === 'string' ? next : null,
      startedAt: record.createdAt,
      expiresAt: record.expiresAt,
    };
  }

  /**
   * The second factor checked out: uses the pending login up and logs its user in (fresh, a
   * new session id, remember-me as asked at the password step). Null when the pending login is
   * gone, belongs to another user than `userId`, or its user can no longer log in.
   */
  async complete(proof: {
    readonly userId: string;
    readonly method: string;
  }): Promise<CompletedLogin<U> | null> {
    const record = await this.#tickets.take(PENDING_LOGIN_COOKIE, PURPOSE);
    if (!record || record.userId !== proof.userId) return null;
    const { engine } = this.#ctx;
    const user = await engine.loadUser(record.userId);
    if (user === null) return null;
    const remember = record.data?.remember === true;
    if (!(await this.#login(user, { remember, fresh: true }))) return null;
    engine.events.emit('secondFactorCompleted', {
      user,
      userId: record.userId,
      method: proof.method,
      request: this.#request,
    });
    const next = record.data?.next;
    return { user, next: typeof next === 'string' ? next : null };
  }

  /** Reports a wrong second factor (the pending login stays, for another try within its time). */
  reject(proof: { readonly userId: string; readonly method: string }): void {
    this.#ctx.engine.events.emit('secondFactorRejected', { ...proof, request: this.#request });
  }

  /** Ends this browser's pending login, if any. */
  async cancel(): Promise<void> {
    await this.#tickets.drop(PENDING_LOGIN_COOKIE);
  }
}
