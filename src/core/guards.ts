/**
 * @module The guards' decision, framework-free: allow, redirect to a login or
 * refresh view (with a safe `next`), or deny with `401` (or `403` when a logged-in
 * user lacks a permission). Adapters map the outcome
 * to a response, or hand it to the app's own handler.
 */
import { loginUrl } from '../http/login-url.js';
import type { Duration } from './duration.js';
import type { AuthEngine } from './engine.js';
import type { RequestAuth } from './request-auth.js';
import { pathAndQuery, wantsJson } from './request-view.js';

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

/** Options of `loginRequired` / `freshLoginRequired`. */
export interface GuardOptions<U = unknown> {
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
  readonly authorize?: (user: U, auth: RequestAuth<U>) => boolean | Promise<boolean>;
}

/** Decides one request; `OPTIONS` always passes, untouched (CORS preflights carry no cookies). */
export async function checkAccess<U>(
  auth: RequestAuth<U>,
  engine: AuthEngine<U>,
  options: GuardOptions<U>,
): Promise<GuardOutcome> {
  if (auth.request.method === 'OPTIONS' || engine.config.guardsDisabled) return { action: 'allow' };
  const user = await auth.currentUser();
  if (user === null) return unauthorized(auth, engine, options.loginView);
  // Permission first: a user who may never enter is told so, not asked for a password.
  if (options.authorize && !(await options.authorize(user, auth))) {
    return { action: 'deny', reason: 'forbidden', status: 403, body: { error: 'forbidden' } };
  }
  if (options.fresh || options.freshFor !== undefined) {
    const fresh = await auth.isFresh(
      options.freshFor === undefined ? {} : { freshFor: options.freshFor },
    );
    if (!fresh) {
      engine.events.emit('userNeedsRefresh', { user, request: auth.request });
      return turnAway(auth, engine, 'reauthentication_required', options.refreshView);
    }
  }
  return { action: 'allow' };
}

/** Flask-Login's `unauthorized()`: the event, then the login view or a 401. */
export function unauthorized<U>(
  auth: RequestAuth<U>,
  engine: AuthEngine<U>,
  view?: string | null,
): GuardOutcome {
  engine.events.emit('userUnauthorized', { request: auth.request });
  return turnAway(auth, engine, 'login_required', view);
}

function turnAway<U>(
  auth: RequestAuth<U>,
  engine: AuthEngine<U>,
  reason: Exclude<GuardReason, 'forbidden'>,
  override: string | null | undefined,
): GuardOutcome {
  const { config } = engine;
  const url = URL.parse(auth.request.url);
  const path = pathAndQuery(auth.request.url);
  const view =
    override !== undefined
      ? override
      : reason === 'login_required'
        ? loginViewFor(engine, url?.pathname ?? '/')
        : config.refreshView;
  if (view === null || wantsJson(auth.request)) {
    return { action: 'deny', reason, status: 401, body: { error: reason } };
  }
  const message = reason === 'login_required' ? config.loginMessage : config.refreshMessage;
  if (message !== null) {
    const category =
      reason === 'login_required' ? config.loginMessageCategory : config.refreshMessageCategory;
    auth.flash(config.localize(message), category);
  }
  const next = config.useSessionForNext ? null : path;
  if (config.useSessionForNext) auth.rememberNext(path);
  const location = loginUrl(view, next, {
    nextField: config.nextField,
    ...(url ? { requestOrigin: url.origin } : {}),
    ...(config.forceHost ? { forceHost: config.forceHost } : {}),
  });
  return { action: 'redirect', reason, location };
}

function loginViewFor<U>(engine: AuthEngine<U>, path: string): string | null {
  for (const [prefix, view] of engine.config.loginViews) {
    if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))
      return view;
  }
  return engine.config.loginView;
}
