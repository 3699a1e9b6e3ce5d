/**
 * @module The guards' decision, framework-free: allow, redirect to a login or
 * refresh view (with a safe `next`), or deny with `401` (or `403` when a logged-in
 * user lacks a permission). Adapters map the outcome
 * to a response, or hand it to the app's own handler.
 */
import { loginUrl } from '../http/login-url.js';
import { type Duration, durationToMs } from './duration.js';
import { addFlash, rememberNext } from './flash.js';
import type { RequestContext } from './request-context.js';
import { pathAndQuery, wantsJson } from './request-view.js';
import { resolveOnce } from './resolve-user.js';
import { isFreshSession } from './session-lifecycle.js';

/** Why a guard stopped a request. */
export type GuardReason = 'login_required' | 'reauthentication_required' | 'forbidden';

/** What a guard decided. */
export type GuardOutcome =
  | { readonly action: 'allow' }
  | { readonly action: 'redirect'; readonly reason: GuardReason; readonly location: string }
  | {
      readonly action: 'deny';
      readonly reason: GuardReason;
      /** 401 for nobody or a stale login, 403 for a logged-in user without permission. */
      readonly status: 401 | 403;
      readonly body: { readonly error: GuardReason };
    };

/** A guard's outcome when it did not let the request through. */
export type TurnedAway = Exclude<GuardOutcome, { readonly action: 'allow' }>;

/** The rules of `loginRequired` / `freshLoginRequired`; `A` is what `authorize` is handed. */
export interface GuardRules<U, A> {
  /** Require a fresh login (a password proved on this session). */
  readonly fresh?: boolean;
  /** With `fresh`: the proof must be at most this old ("sudo mode"). */
  readonly freshFor?: Duration;
  /** Overrides the manager's login view for this guard (null: answer 401). */
  readonly loginView?: string | null;
  /** Overrides the manager's refresh view for this guard (null: answer 401). */
  readonly refreshView?: string | null;
  /**
   * A permission check on the logged-in user (roles, Flasky's `permission_required`);
   * false answers `403 {"error":"forbidden"}`.
   */
  readonly authorize?: (user: U, auth: A) => boolean | Promise<boolean>;
}

/** Decides one request; `OPTIONS` always passes, untouched (CORS preflights carry no cookies). */
export async function checkAccess<U, A>(
  ctx: RequestContext<U>,
  options: GuardRules<U, A>,
  auth: A,
): Promise<GuardOutcome> {
  const { engine } = ctx;
  if (ctx.request.method === 'OPTIONS' || engine.config.guardsDisabled) return { action: 'allow' };
  await resolveOnce(ctx);
  const { user, session } = ctx.state;
  if (user === null) return unauthorized(ctx, options.loginView);
  // Permission first: a user who may never enter is told so, not asked for a password.
  if (options.authorize && !(await options.authorize(user, auth))) {
    return { action: 'deny', reason: 'forbidden', status: 403, body: { error: 'forbidden' } };
  }
  if (options.fresh || options.freshFor !== undefined) {
    const maxAgeMs =
      options.freshFor === undefined ? undefined : durationToMs(options.freshFor, 'freshFor');
    if (!isFreshSession(session, engine.config.clock(), maxAgeMs)) {
      engine.events.emit('userNeedsRefresh', { user, request: ctx.request });
      return turnAway(ctx, 'reauthentication_required', options.refreshView);
    }
  }
  return { action: 'allow' };
}

/** Flask-Login's `unauthorized()`: the event, then the login view or a 401. */
export function unauthorized<U>(ctx: RequestContext<U>, view?: string | null): GuardOutcome {
  ctx.engine.events.emit('userUnauthorized', { request: ctx.request });
  return turnAway(ctx, 'login_required', view);
}

function turnAway<U>(
  ctx: RequestContext<U>,
  reason: Exclude<GuardReason, 'forbidden'>,
  override: string | null | undefined,
): GuardOutcome {
  const { engine, request } = ctx;
  const { config } = engine;
  const url = URL.parse(request.url);
  const path = pathAndQuery(request.url);
  const view =
    override !== undefined
      ? override
      : reason === 'login_required'
        ? loginViewFor(ctx, url?.pathname ?? '/')
        : config.refreshView;
  if (view === null || wantsJson(request)) {
    return { action: 'deny', reason, status: 401, body: { error: reason } };
  }
  const message = reason === 'login_required' ? config.loginMessage : config.refreshMessage;
  if (message !== null) {
    const category =
      reason === 'login_required' ? config.loginMessageCategory : config.refreshMessageCategory;
    addFlash(ctx, { category, message: config.localize(message) });
  }
  const next = config.useSessionForNext ? null : path;
  if (config.useSessionForNext) rememberNext(ctx, path);
  const location = loginUrl(view, next, {
    nextField: config.nextField,
    ...(url ? { requestOrigin: url.origin } : {}),
    ...(config.forceHost ? { forceHost: config.forceHost } : {}),
  });
  return { action: 'redirect', reason, location };
}

function loginViewFor<U>(ctx: RequestContext<U>, path: string): string | null {
  const { config } = ctx.engine;
  for (const [prefix, view] of config.loginViews) {
    if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))
      return view;
  }
  return config.loginView;
}
