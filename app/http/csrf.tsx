/**
 * @module CSRF protection for every POST: the session-bound `csrf_token` field plus the
 * Origin / Sec-Fetch-Site checks, done by the login manager; a failure answers `403` before
 * anything else runs.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { logAuthEvent } from '../auth-log.js';
import { MessagePage } from '../pages/message.js';
import { render } from '../pages/render.js';
import { authOf } from './auth.js';
import { isJsonClient } from './client-kind.js';
import { SAFE_METHODS } from './form-body.js';

const MESSAGE = 'The form expired or came from another site; please try again.';

/**
 * Checks the token of every unsafe request (after the form is parsed), logging each refusal.
 *
 * @example app.use(csrfProtection(logger));
 */
export function csrfProtection(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const auth = authOf(c);
    // A repeated token is no token: which one would the form have meant?
    const tokens = c.var.form.get('csrf_token');
    const verdict = await auth.verifyCsrf(tokens?.length === 1 ? tokens[0] : undefined);
    if (verdict.ok) return next();
    const line = { event: 'csrf_failed', reason: verdict.reason, path: c.req.path };
    logAuthEvent(logger, { ...line, address: auth.clientAddress }, 'warn');
    if (isJsonClient(c)) return c.json({ error: 'csrf_failed' }, 403);
    return render(c, 'Please try again', () => <MessagePage message={MESSAGE} />, { status: 403 });
  };
}
