/**
 * @module latchkey/hono: the Hono adapter. Attaches `auth` (and, behind a guard,
 * `user`) through Hono's `ContextVariableMap`; appends `Set-Cookie` once.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { LatchkeyError } from '../core/errors.js';
import type { GuardOptions, GuardOutcome } from '../core/guards.js';
import type { LoginManager } from '../core/manager.js';
import type { RegisteredUser } from '../core/register.js';
import type { RequestAuth } from '../core/request-auth.js';
import type { RequestView } from '../core/request-view.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's auth state: `await c.var.auth.user()`. */
    auth: RequestAuth<RegisteredUser>;
    /** The logged-in user, set by `loginRequired` / `freshLoginRequired`. */
    user: RegisteredUser;
  }
}

/** Answers a request a guard turned away (a custom unauthorized / needs-refresh handler). */
export type TurnAwayHandler = (
  c: Context,
  outcome: Exclude<GuardOutcome, { action: 'allow' }>,
) => Response | Promise<Response>;

/** Options of the {@link latchkey} middleware. */
export interface HonoAdapterOptions {
  /** Custom answer for anonymous visitors on guarded routes. */
  readonly onUnauthorized?: TurnAwayHandler;
  /** Custom answer for stale logins on fresh-only routes. */
  readonly onNeedsRefresh?: TurnAwayHandler;
  /** Custom answer for logged-in users whom `authorize` refused. */
  readonly onForbidden?: TurnAwayHandler;
  /** The socket address; default reads `@hono/node-server`'s `env.incoming`. */
  readonly remoteAddress?: (c: Context) => string | null;
}

const adapterOptions = new WeakMap<object, HonoAdapterOptions>();

const HANDLER_FOR = {
  login_required: 'onUnauthorized',
  reauthentication_required: 'onNeedsRefresh',
  forbidden: 'onForbidden',
} as const;

/**
 * The middleware: one `RequestAuth` per request, cookies flushed as the response leaves.
 *
 * @example app.use(latchkey(manager));
 */
export function latchkey<U>(
  manager: LoginManager<U>,
  options: HonoAdapterOptions = {},
): MiddlewareHandler {
  return async (c, next) => {
    const auth = manager.begin(new HonoRequestView(c, options));
    adapterOptions.set(auth, options);
    c.set('auth', auth as RequestAuth<RegisteredUser>);
    await next();
    const cookies = auth.setCookieHeaders();
    if (cookies.length === 0) return;
    if (!isMutable(c.res.headers)) c.res = new Response(c.res.body, c.res);
    for (const cookie of cookies) c.res.headers.append('Set-Cookie', cookie);
    c.res.headers.set('Cache-Control', 'no-store');
  };
}

/**
 * Lets logged-in users through (setting `c.var.user`); others get the login view or `401`.
 *
 * @example app.get('/profile', loginRequired(), (c) => c.text(c.var.user.name));
 */
export function loginRequired<U = RegisteredUser>(
  options: GuardOptions<U> & HonoGuardHandlers = {},
): MiddlewareHandler {
  return guard(options);
}

/**
 * Like {@link loginRequired}, but the login must be fresh (optionally at most `freshFor` old).
 *
 * @example app.post('/change-password', freshLoginRequired({ freshFor: { minutes: 10 } }), handler);
 */
export function freshLoginRequired<U = RegisteredUser>(
  options: Omit<GuardOptions<U>, 'fresh'> & HonoGuardHandlers = {},
): MiddlewareHandler {
  return guard({ ...options, fresh: true });
}

/** Per-guard custom answers, overriding the middleware's. */
export type HonoGuardHandlers = Omit<HonoAdapterOptions, 'remoteAddress'>;

function guard<U>(options: GuardOptions<U> & HonoGuardHandlers): MiddlewareHandler {
  return async (c, next) => {
    const auth = c.get('auth');
    if (!auth) {
      throw new LatchkeyError(
        'config_invalid',
        'Latchkey guards need app.use(latchkey(manager)) first.',
      );
    }
    const outcome = await (auth as RequestAuth<U>).check(options);
    if (outcome.action === 'allow') {
      const user = await auth.currentUser();
      if (user !== null) c.set('user', user);
      return next();
    }
    const key = HANDLER_FOR[outcome.reason];
    const handler = options[key] ?? adapterOptions.get(auth)?.[key];
    if (handler) return handler(c, outcome);
    if (outcome.action === 'redirect') return c.redirect(outcome.location, 302);
    return c.json(outcome.body, outcome.status);
  };
}

/** A class rather than an object literal with a getter: V8 keeps it fast on the hot path. */
class HonoRequestView implements RequestView {
  readonly method: string;
  readonly url: string;
  readonly #c: Context;
  readonly #options: HonoAdapterOptions;

  constructor(c: Context, options: HonoAdapterOptions) {
    this.#c = c;
    this.#options = options;
    this.method = c.req.method.toUpperCase();
    this.url = c.req.url;
  }

  header(name: string): string | null {
    return this.#c.req.header(name) ?? null;
  }

  get remoteAddress(): string | null {
    if (this.#options.remoteAddress) return this.#options.remoteAddress(this.#c);
    const env = this.#c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    return env?.incoming?.socket?.remoteAddress ?? null;
  }
}

function isMutable(headers: Headers): boolean {
  try {
    headers.append('X-Latchkey-Probe', '1');
    headers.delete('X-Latchkey-Probe');
    return true;
  } catch {
    return false;
  }
}
