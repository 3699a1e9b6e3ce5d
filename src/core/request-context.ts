/**
 * @module One request's context: the plain record every request step (resolution,
 * session lifecycle, remember-me, CSRF, flashes, guards) reads and fills.
 */
import { clientAddress } from '../http/client-address.js';
import { parseCookieHeader } from '../http/cookies.js';
import type { SessionRecord } from '../stores/types.js';
import { CookieJar } from './cookie-jar.js';
import type { AuthEngine } from './engine.js';
import type { FlashBox } from './flash-box.js';
import type { RequestView } from './request-view.js';

/** How the current user was authenticated on this request. */
export type AuthSource = 'session' | 'remember' | 'request' | 'login';

/** Who this request belongs to, once resolved (or changed by a login or logout). */
export interface AuthState<U> {
  user: U | null;
  session: SessionRecord | null;
  source: AuthSource | null;
}

/** Everything about one request that its auth steps share. */
export interface RequestContext<U> {
  readonly engine: AuthEngine<U>;
  readonly request: RequestView;
  /** The request's cookies, parsed on first read (never throws on bad bytes). */
  readonly cookies: ReadonlyMap<string, string>;
  /** The client's address through the trusted-proxy setting, read on first use. */
  readonly clientAddress: string | null;
  /** The cookies this request will set, written once as the response leaves. */
  readonly jar: CookieJar;
  readonly state: AuthState<U>;
  /** The user resolution, started at most once (a login or logout settles it too). */
  resolving: Promise<void> | null;
  /** This request's flash messages, read on first use. */
  flashes: FlashBox | null;
}

/**
 * A new context for one request; nothing is parsed until a step asks.
 *
 * @example const ctx = createRequestContext(engine, request);
 */
export function createRequestContext<U>(
  engine: AuthEngine<U>,
  request: RequestView,
): RequestContext<U> {
  return new LazyRequestContext(engine, request);
}

// A class rather than an object literal with getters: the accessors live once on the
// prototype instead of being new closures on every request.
class LazyRequestContext<U> implements RequestContext<U> {
  readonly engine: AuthEngine<U>;
  readonly request: RequestView;
  readonly jar = new CookieJar();
  readonly state: AuthState<U> = { user: null, session: null, source: null };
  resolving: Promise<void> | null = null;
  flashes: FlashBox | null = null;
  #cookies: ReadonlyMap<string, string> | undefined;
  #address: string | null | undefined;

  constructor(engine: AuthEngine<U>, request: RequestView) {
    this.engine = engine;
    this.request = request;
  }

  get cookies(): ReadonlyMap<string, string> {
    this.#cookies ??= parseCookieHeader(this.request.header('cookie'));
    return this.#cookies;
  }

  get clientAddress(): string | null {
    if (this.#address === undefined) {
      const { trustProxy } = this.engine.config;
      // Without trusted proxies the header is never read, so it is not even looked up.
      const forwarded = trustProxy === false ? null : this.request.header('x-forwarded-for');
      this.#address = clientAddress(this.request.remoteAddress, forwarded, trustProxy);
    }
    return this.#address;
  }
}

/** Marks the request's identity as settled by a verb (login, logout): no lookup follows. */
export function settle<U>(ctx: RequestContext<U>, state: AuthState<U>): void {
  Object.assign(ctx.state, state);
  ctx.resolving = Promise.resolve();
}
