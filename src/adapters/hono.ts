/**
 * @module latchkey/hono: the Hono adapter. Attaches `auth` (and, behind a guard,
 * `user`) through Hono's `ContextVariableMap`; appends `Set-Cookie` once.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiTokenInfo, ApiTokens } from '../core/api-tokens.js';
import { type BearerOptions, checkBearer } from '../core/bearer.js';
import type { LoginManager } from '../core/manager.js';
import type { GuardOptions, RequestAuth } from '../core/request-auth.js';
import type { RegisteredUser } from '../core/user-type.js';
import { exitHeaders } from './shared/exit-headers.js';
import { guardFamily } from './shared/guard-family.js';
import {
  attachTurnAwayHandlers,
  decideGuard,
  type TurnAwayHandlers,
  type TurnedAway,
} from './shared/guard-response.js';
import { AdapterRequestView, type RequestReader } from './shared/request-reader.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's auth state: `await c.var.auth.user()`. */
    auth: RequestAuth<RegisteredUser>;
    /** The logged-in user, set by `loginRequired` / `freshLoginRequired`, or the token's owner. */
    user: RegisteredUser;
    /** The API token a request came with, set by `bearerRequired`. */
    apiToken: ApiTokenInfo;
  }
}

/** Answers a request a guard turned away (a custom unauthorized / needs-refresh handler). */
export type TurnAwayHandler = (c: Context, outcome: TurnedAway) => Response | Promise<Response>;

/** Per-guard custom answers, overriding the middleware's. */
export type HonoGuardHandlers = TurnAwayHandlers<TurnAwayHandler>;

/** Options of the {@link latchkey} middleware. */
export interface HonoAdapterOptions extends HonoGuardHandlers {
  /** The socket address; default reads `@hono/node-server`'s `env.incoming`. */
  readonly remoteAddress?: (c: Context) => string | null;
}

const SETUP = 'app.use(latchkey(manager))';

/**
 * The middleware: one `RequestAuth` per request, cookies flushed as the response leaves.
 *
 * @example app.use(latchkey(manager));
 */
export function latchkey<U>(
  manager: LoginManager<U>,
  options: HonoAdapterOptions = {},
): MiddlewareHandler {
  const reader: RequestReader<Context> = {
    method: (c) => c.req.method,
    url: (c) => c.req.url,
    header: (c, name) => c.req.header(name) ?? null,
    remoteAddress: options.remoteAddress ?? nodeSocketAddress,
  };
  return async (c, next) => {
    const auth = manager.begin(new AdapterRequestView(c, reader));
    attachTurnAwayHandlers(auth, options);
    c.set('auth', auth as RequestAuth<RegisteredUser>);
    await next();
    const headers = exitHeaders(auth);
    if (!headers) return;
    if (!isMutable(c.res.headers)) c.res = new Response(c.res.body, c.res);
    for (const cookie of headers.setCookie) c.res.headers.append('Set-Cookie', cookie);
    c.res.headers.set('Cache-Control', headers.cacheControl);
  };
}

const guards = guardFamily<MiddlewareHandler, TurnAwayHandler>(guard);

/**
 * Lets logged-in users through (setting `c.var.user`); others get the login view or `401`.
 *
 * @example app.get('/profile', loginRequired(), (c) => c.text(c.var.user.name));
 */
export const loginRequired = guards.loginRequired;

/**
 * Like {@link loginRequired}, but the login must be fresh (optionally at most `freshFor` old).
 *
 * @example app.post('/change-password', freshLoginRequired({ freshFor: { minutes: 10 } }), handler);
 */
export const freshLoginRequired = guards.freshLoginRequired;

/**
 * Lets through logged-in users whose role grants `permission`; a logged-in user without it
 * gets `403` (`{"error":"forbidden"}`), anyone else the login view or `401`.
 *
 * @example app.get('/admin/users', permissionRequired(access, 'users:manage', { fresh: true }), handler);
 */
export const permissionRequired = guards.permissionRequired;

/**
 * Lets through logged-in users who hold `role`; others as {@link permissionRequired}.
 *
 * @example app.get('/admin', roleRequired(access, 'admin'), handler);
 */
export const roleRequired = guards.roleRequired;

/**
 * Lets through a request whose `Authorization: Bearer` token is genuine, unexpired, unrevoked,
 * of a user `loadUser` finds and `isUserActive` accepts, and carrying `scope` when one is named
 * (RFC 6750). Others get `401 {"error":"invalid_token"}` or `403 {"error":"insufficient_scope"}`
 * with `WWW-Authenticate`. Cookies play no part: a browser's session never opens such a route.
 *
 * Sets `c.var.user` (the owner) and `c.var.apiToken`.
 *
 * @example app.get('/api/me', bearerRequired(tokens, { scope: 'profile:read', loadUser: (id) => manager.loadUser(id) }), handler);
 */
export function bearerRequired<U>(tokens: ApiTokens, options: BearerOptions<U>): MiddlewareHandler {
  return async (c, next) => {
    const outcome = await checkBearer(tokens, c.req.header('authorization'), options);
    if (outcome.action === 'deny') return c.json(outcome.body, outcome.status, outcome.headers);
    c.set('user', outcome.user as RegisteredUser);
    c.set('apiToken', outcome.token);
    return next();
  };
}

function guard<U>(options: GuardOptions<U> & HonoGuardHandlers): MiddlewareHandler {
  return async (c, next) => {
    const auth = c.get('auth') as RequestAuth<U> | undefined;
    const decision = await decideGuard(auth, options, SETUP);
    if (decision.action === 'allow') {
      if (decision.user !== null) c.set('user', decision.user as RegisteredUser);
      return next();
    }
    if (decision.action === 'custom') return decision.handler(c, decision.outcome);
    if (decision.location !== null) return c.redirect(decision.location, decision.status as 302);
    return c.json(decision.body, decision.status);
  };
}

/** `@hono/node-server` hands the Node request over as `env.incoming`. */
function nodeSocketAddress(c: Context): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
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
