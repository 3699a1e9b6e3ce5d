/**
 * @module What an adapter does with a guard's outcome, framework-free: let the
 * request through, hand it to the app's own handler, or answer with the default
 * status, `Location` and JSON body.
 */
import type { GuardReason, TurnedAway } from '../../core/guards.js';
import type { GuardOptions, RequestAuth } from '../../core/request-auth.js';
import { LatchkeyError } from '../../errors.js';

export type { TurnedAway } from '../../core/guards.js';

/** An app's own answers to turned-away requests; `H` is the framework's handler type. */
export interface TurnAwayHandlers<H> {
  /** Custom answer for anonymous visitors on guarded routes. */
  readonly onUnauthorized?: H;
  /** Custom answer for stale logins on fresh-only routes. */
  readonly onNeedsRefresh?: H;
  /** Custom answer for logged-in users whom `authorize` refused. */
  readonly onForbidden?: H;
}

/** What an adapter does with one guarded request. */
export type GuardDecision<U, H> =
  | { readonly action: 'allow'; readonly user: U | null }
  | { readonly action: 'custom'; readonly handler: H; readonly outcome: TurnedAway }
  | {
      readonly action: 'answer';
      /** 302 with `location`, or 401 / 403 with a JSON `body`. */
      readonly status: 302 | 401 | 403;
      readonly location: string | null;
      readonly body: { readonly error: GuardReason } | null;
    };

const HANDLER_FOR = {
  login_required: 'onUnauthorized',
  reauthentication_required: 'onNeedsRefresh',
  forbidden: 'onForbidden',
} as const;

// Keyed by the request's auth object, so the entry lives exactly as long as the request.
const middlewareHandlers = new WeakMap<object, TurnAwayHandlers<unknown>>();

/**
 * Keeps the middleware's custom handlers with this request's auth, for its guards to find.
 *
 * @example attachTurnAwayHandlers(auth, { onUnauthorized: (c) => c.text('who?', 401) });
 */
export function attachTurnAwayHandlers<U, H>(
  auth: RequestAuth<U>,
  handlers: TurnAwayHandlers<H>,
): void {
  if (handlers.onUnauthorized || handlers.onNeedsRefresh || handlers.onForbidden) {
    middlewareHandlers.set(auth, handlers);
  }
}

/**
 * Runs a guard: allow (with the user), a custom handler (the guard's own, else the
 * middleware's), or the default answer. Throws when the adapter's middleware is missing.
 *
 * @example
 * const decision = await decideGuard(req.auth, { fresh: true }, 'app.use(latchkey(manager))');
 */
export async function decideGuard<U, H>(
  auth: RequestAuth<U> | null | undefined,
  options: GuardOptions<U> & TurnAwayHandlers<H>,
  setup: string,
): Promise<GuardDecision<U, H>> {
  if (!auth) throw new LatchkeyError('config_invalid', `Latchkey guards need ${setup} first.`);
  const outcome = await auth.check(options);
  if (outcome.action === 'allow') return { action: 'allow', user: await auth.currentUser() };
  const key = HANDLER_FOR[outcome.reason];
  const handler =
    options[key] ?? (middlewareHandlers.get(auth) as TurnAwayHandlers<H> | undefined)?.[key];
  if (handler !== undefined) return { action: 'custom', handler, outcome };
  return outcome.action === 'redirect'
    ? { action: 'answer', status: 302, location: outcome.location, body: null }
    : { action: 'answer', status: outcome.status, location: null, body: outcome.body };
}
