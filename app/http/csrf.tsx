/**
 * @module CSRF protection for every POST: the session-bound `csrf_token` field plus the
 * Origin / Sec-Fetch-Site checks, done by the login manager; a failure answers `403` before
 * anything else runs.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { MessagePage } from '../pages/message.js';
import { render } from '../pages/render.js';
import { authOf } from './auth.js';
import { isJsonClient } from './client-kind.js';

/** Why a POST was refused. */
export type CsrfFailure = 'missing_token' | 'bad_token' | 'bad_origin' | 'cross_site';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The message of the `403` page. */
export const CSRF_MESSAGE = 'The form expired or came from another site; please try again.';

/**
 * Checks the token of every unsafe request (after the form is parsed); `onFailure` hears of
 * each refusal, for the log.
 *
 * @example app.use(csrfProtection((c, reason) => log.warn({ event: 'csrf_failed', reason })));
 */
export function csrfProtection(
  onFailure: (c: Context, reason: CsrfFailure) => void,
): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    // A repeated token is no token: which one would the form have meant?
    const tokens = c.get('form').get('csrf_token');
    const token = tokens?.length === 1 ? tokens[0] : undefined;
    const verdict = await authOf(c).verifyCsrf(token);
    if (verdict.ok) return next();
    onFailure(c, verdict.reason);
    if (isJsonClient(c)) return c.json({ error: 'csrf_failed' }, 403);
    return render(c, 'Please try again', () => <MessagePage message={CSRF_MESSAGE} />, {
      status: 403,
    });
  };
}
