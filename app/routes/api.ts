/**
 * @module The JSON API: bearer tokens only. Mounted before the form, CSRF and confirmation
 * middleware, and never asking the login manager who the browser is, so a cookie opens nothing
 * here and a bearer token opens nothing elsewhere.
 */
import type { Context, Hono } from 'hono';
import type { Account } from '../../src/accounts/index.js';
import { bearerRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';

/** `GET /api/me` (scope `profile:read`); every other `/api/` path answers JSON `404`. */
export function apiRoutes(app: Hono, { apiTokens, manager }: AppDeps): void {
  // A genuine, unexpired, unrevoked token of an active account that carries the scope.
  const profileRead = bearerRequired(apiTokens, {
    scope: 'profile:read',
    loadUser: (id) => manager.loadUser(id),
    isUserActive: (account) => !account.disabled,
  });
  app.get('/api/me', profileRead, (c) => {
    const account = c.var.user as Account;
    return c.json({ username: account.username, email: account.email });
  });
  app.all('/api/me', (c) => c.json({ error: 'method_not_allowed' }, 405, { Allow: 'GET, HEAD' }));
  app.all('/api/*', (c: Context) => c.json({ error: 'not_found' }, 404));
}
