/**
 * @module latchkey/fastify: the Fastify adapter. A plugin that decorates every request
 * with `auth` (and, behind a guard, `user`) app-wide, and adds `Set-Cookie` once in `onSend`.
 */
import type {
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
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
import { AdapterRequestView, nodeHeader, type RequestReader } from './shared/request-reader.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's auth state: `await request.auth.user()`. */
    auth: RequestAuth<RegisteredUser>;
    /** The logged-in user, set by `loginRequired` / `freshLoginRequired`, or the token's owner. */
    user: RegisteredUser;
    /** The API token a request came with, set by `bearerRequired`. */
    apiToken: ApiTokenInfo;
  }
}

/** Answers a request a guard turned away (it must send the reply), instead of the default. */
export type TurnAwayHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: TurnedAway,
) => unknown;

/** Per-guard custom answers, overriding the plugin's. */
export type FastifyGuardHandlers = TurnAwayHandlers<TurnAwayHandler>;

/** Options of the {@link latchkey} plugin. */
export interface FastifyAdapterOptions extends FastifyGuardHandlers {
  /** The socket address; default `request.socket.remoteAddress` (`trustProxy` reads forwarded hops). */
  readonly remoteAddress?: (request: FastifyRequest) => string | null;
}

const SETUP = 'app.register(latchkey(manager))';

/**
 * The plugin: one `RequestAuth` per request as `request.auth`, for every route of the app
 * (it skips Fastify's encapsulation, as `fastify-plugin` would, without the dependency).
 *
 * @example await app.register(latchkey(manager));
 */
export function latchkey<U>(
  manager: LoginManager<U>,
  options: FastifyAdapterOptions = {},
): FastifyPluginCallback {
  const reader: RequestReader<FastifyRequest> = {
    method: (request) => request.method,
    header: (request, name) => nodeHeader(request.headers, name),
    // The scheme honours Fastify's own `trustProxy` setting.
    url: (request) => `${request.protocol}://${request.headers.host ?? 'localhost'}${request.url}`,
    remoteAddress: options.remoteAddress ?? ((request) => request.socket.remoteAddress ?? null),
  };
  const plugin: FastifyPluginCallback = (fastify, _options, done) => {
    // Declared up front (null until set) so every request object keeps one shape.
    fastify.decorateRequest('auth', null, []);
    fastify.decorateRequest('user', null, []);
    fastify.decorateRequest('apiToken', null, []);
    fastify.addHook('onRequest', (request, _reply, hookDone) => {
      const auth = manager.begin(new AdapterRequestView(request, reader));
      attachTurnAwayHandlers(auth, options);
      request.auth = auth as RequestAuth<RegisteredUser>;
      hookDone();
    });
    fastify.addHook('onSend', (request, reply, payload, hookDone) => {
      // Null when the request failed before onRequest ran.
      const headers = request.auth ? exitHeaders(request.auth) : null;
      if (headers) {
        reply.header('set-cookie', headers.setCookie);
        reply.header('cache-control', headers.cacheControl);
      }
      hookDone(null, payload);
    });
    done();
  };
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'latchkey',
  });
}

const guards = guardFamily<preHandlerAsyncHookHandler, TurnAwayHandler>(guard);

/**
 * A `preHandler` letting logged-in users through (setting `request.user`); others get the login view or `401`.
 *
 * @example app.get('/profile', { preHandler: loginRequired() }, async (request) => request.user.name);
 */
export const loginRequired = guards.loginRequired;

/**
 * Like {@link loginRequired}, but the login must be fresh (optionally at most `freshFor` old).
 *
 * @example app.post('/change-password', { preHandler: freshLoginRequired() }, handler);
 */
export const freshLoginRequired = guards.freshLoginRequired;

/**
 * Lets through logged-in users whose role grants `permission`; a logged-in user without it
 * gets `403` (`{"error":"forbidden"}`), anyone else the login view or `401`.
 *
 * @example app.get('/admin/users', { preHandler: permissionRequired(access, 'users:manage') }, handler);
 */
export const permissionRequired = guards.permissionRequired;

/**
 * Lets through logged-in users who hold `role`; others as {@link permissionRequired}.
 *
 * @example app.get('/admin', { preHandler: roleRequired(access, 'admin') }, handler);
 */
export const roleRequired = guards.roleRequired;

/**
 * Lets through a request whose `Authorization: Bearer` token is genuine, unexpired, unrevoked,
 * of a user `loadUser` finds and `isUserActive` accepts, and carrying `scope` when one is named
 * (RFC 6750). Others get `401 {"error":"invalid_token"}` or `403 {"error":"insufficient_scope"}`
 * with `WWW-Authenticate`. Cookies play no part: a browser's session never opens such a route.
 *
 * Sets `request.user` (the owner) and `request.apiToken`.
 *
 * @example app.get('/api/me', { preHandler: bearerRequired(tokens, { loadUser: (id) => manager.loadUser(id) }) }, handler);
 */
export function bearerRequired<U>(
  tokens: ApiTokens,
  options: BearerOptions<U>,
): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const header = request.headers.authorization;
    const outcome = await checkBearer(tokens, typeof header === 'string' ? header : null, options);
    if (outcome.action === 'deny') {
      return reply.code(outcome.status).headers(outcome.headers).send(outcome.body);
    }
    request.user = outcome.user as RegisteredUser;
    request.apiToken = outcome.token;
  };
}

function guard<U>(options: GuardOptions<U> & FastifyGuardHandlers): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const decision = await decideGuard(request.auth as RequestAuth<U> | null, options, SETUP);
    if (decision.action === 'allow') {
      if (decision.user !== null) request.user = decision.user as RegisteredUser;
      return;
    }
    if (decision.action === 'custom') await decision.handler(request, reply, decision.outcome);
    else if (decision.location !== null)
      reply.code(302).header('location', decision.location).send();
    else reply.code(decision.status).send(decision.body);
    return reply;
  };
}
