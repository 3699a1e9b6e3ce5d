/**
 * @module The unconfirmed gate: a logged-in user who has not confirmed the address may use the
 * home page and the account pages only; every other page sends them to `/auth/unconfirmed`.
 */
import type { MiddlewareHandler } from 'hono';
import { authOf } from './auth.js';
import { isJsonClient } from './client-kind.js';

const OPEN = /^\/(?:$|auth\/|static\/|favicon\.ico$|healthz$|dev\/outbox$)/;
const ADMIN = /^\/admin(?:\/|$)/;

/**
 * Redirects unconfirmed users away from closed pages (`403 {"error":"unconfirmed"}` for JSON clients).
 *
 * @example app.use(unconfirmedGate());
 */
export function unconfirmedGate(): MiddlewareHandler {
  return async (c, next) => {
    if (OPEN.test(c.req.path)) return next();
    const user = await authOf(c).currentUser();
    if (user === null || user.confirmed) return next();
    // Every /admin/ route answers a non-admin 403, whether or not the address is confirmed.
    if (ADMIN.test(c.req.path) && user.role !== 'admin') return next();
    if (isJsonClient(c)) return c.json({ error: 'unconfirmed' }, 403);
    return c.redirect('/auth/unconfirmed', 302);
  };
}
