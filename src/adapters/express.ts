/**
 * @module latchkey/express: the Express adapter (Express 5; Express 4 works too).
 * Attaches `req.auth` (and, behind a guard, `res.locals.user`); writes `Set-Cookie`
 * once, just before the status line and headers go out.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { ApiTokenInfo, ApiTokens } from '../core/api-tokens.js';
import { type BearerOptions, checkBearer } from '../core/bearer.js';
import type { LoginManager } from '../core/manager.js';
import type { GuardOptions, RequestAuth } from '../core/request-auth.js';
import type { RegisteredUser } from '../core/user-type.js';
import { beforeHeaders } from './shared/before-headers.js';
import { exitHeaders } from './shared/exit-headers.js';
import { guardFamily } from './shared/guard-family.js';
import {
  attachTurnAwayHandlers,
  decideGuard,
  type GuardDecision,
  type TurnAwayHandlers,
  type TurnedAway,
} from './shared/guard-response.js';
import { AdapterRequestView, nodeHeader, type RequestReader } from './shared/request-reader.js';

declare global {
  namespace Express {
    interface Request {
      /** This request's auth state: `await req.auth.user()`. */
      auth: RequestAuth<RegisteredUser>;
    }
    interface Locals {
      /** The logged-in user, set by `loginRequired` / `freshLoginRequired` (views see it too), or the token's owner. */
      user: RegisteredUser;
      /** The API token a request came with, set by `bearerRequired`. */
      apiToken: ApiTokenInfo;
    }
  }
}

/** Answers a request a guard turned away, instead of the default redirect or JSON error. */
export type TurnAwayHandler = (
  req: Request,
  res: Response,
  outcome: TurnedAway,
) => void | Promise<void>;

/** Per-guard custom answers, overriding the middleware's. */
export type ExpressGuardHandlers = TurnAwayHandlers<TurnAwayHandler>;

/** Options of the {@link latchkey} middleware. */
export interface ExpressAdapterOptions extends ExpressGuardHandlers {
  /** The socket address; default `req.socket.remoteAddress` (`trustProxy` reads forwarded hops). */
  readonly remoteAddress?: (req: Request) => string | null;
}

const SETUP = 'app.use(latchkey(manager))';

/**
 * The middleware: one `RequestAuth` per request as `req.auth`, cookies written with the headers.
 *
 * @example app.use(latchkey(manager));
 */
export function latchkey<U>(
  manager: LoginManager<U>,
  options: ExpressAdapterOptions = {},
): RequestHandler {
  const reader: RequestReader<Request> = {
    method: (req) => req.method,
    header: (req, name) => nodeHeader(req.headers, name),
    // The scheme honours Express's own `trust proxy` setting; the path is the unmounted one.
    url: (req) => `${req.protocol}://${req.headers.host ?? 'localhost'}${req.originalUrl}`,
    remoteAddress: options.remoteAddress ?? ((req) => req.socket.remoteAddress ?? null),
  };
  return (req, res, next) => {
    const auth = manager.begin(new AdapterRequestView(req, reader));
    attachTurnAwayHandlers(auth, options);
    req.auth = auth as RequestAuth<RegisteredUser>;
    beforeHeaders(res, () => {
      const headers = exitHeaders(auth);
      if (!headers) return;
      res.appendHeader('Set-Cookie', headers.setCookie as string[]);
      res.setHeader('Cache-Control', headers.cacheControl);
    });
    next();
  };
}

const guards = guardFamily<RequestHandler, TurnAwayHandler>(guard);

/**
 * Lets logged-in users through (setting `res.locals.user`); others get the login view or `401`.
 *
 * @example app.get('/profile', loginRequired(), (req, res) => res.send(res.locals.user.name));
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
 * Sets `res.locals.user` (the owner) and `res.locals.apiToken`.
 *
 * @example app.get('/api/me', bearerRequired(tokens, { scope: 'profile:read', loadUser: (id) => manager.loadUser(id) }), handler);
 */
export function bearerRequired<U>(tokens: ApiTokens, options: BearerOptions<U>): RequestHandler {
  return (req, res, next) => {
    checkBearer(tokens, req.get('authorization'), options).then((outcome) => {
      if (outcome.action === 'deny') {
        res.status(outcome.status).set(outcome.headers).json(outcome.body);
        return;
      }
      res.locals.user = outcome.user as RegisteredUser;
      res.locals.apiToken = outcome.token;
      next();
    }, next);
  };
}

// Promise chains and next(error) rather than an async handler: Express 4 ignores returned promises.
// An allowed request (nearly every one) goes on in the decision's own callback: no async
// function and no second promise per request; only a turned-away one takes the longer path.
function guard<U>(options: GuardOptions<U> & ExpressGuardHandlers): RequestHandler {
  return (req, res, next) => {
    decideGuard(req.auth as RequestAuth<U> | undefined, options, SETUP).then((decision) => {
      if (decision.action !== 'allow') return turnAway(req, res, decision).catch(next);
      if (decision.user !== null) res.locals.user = decision.user as RegisteredUser;
      next();
    }, next);
  };
}

async function turnAway(
  req: Request,
  res: Response,
  decision: Exclude<GuardDecision<unknown, TurnAwayHandler>, { action: 'allow' }>,
): Promise<void> {
  if (decision.action === 'custom') await decision.handler(req, res, decision.outcome);
  else if (decision.location !== null) res.status(302).set('Location', decision.location).end();
  else res.status(decision.status).json(decision.body);
}
