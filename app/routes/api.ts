/**
 * @module The JSON API: bearer tokens only. Mounted before the form, CSRF and confirmation
 * middleware, and never asking the login manager who the browser is, so a cookie opens nothing
 * here and a bearer token opens nothing elsewhere.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Account } from '../../src/accounts/index.js';
import { checkBearer } from '../../src/index.js';
import type { AppDeps } from '../context.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The account behind the request's bearer token (set by the API's guard). */
    apiAccount: Account;
  }
}

/** `GET /api/me` (scope `profile:read`); every other `/api/` path answers JSON `404`. */
export function apiRoutes(app: Hono, deps: AppDeps): void {
  app.get('/api/me', bearer(deps, 'profile:read'), (c) => {
    const account = c.var.apiAccount;
    return c.json({ username: account.username, email: account.email });
  });
  app.all('/api/me', (c) => c.json({ error: 'method_not_allowed' }, 405, { Allow: 'GET, HEAD' }));
  app.all('/api/*', (c: Context) => c.json({ error: 'not_found' }, 404));
}

/** Lets through a genuine, unexpired, unrevoked token of an active account that carries `scope`. */
function bearer({ apiTokens, manager }: AppDeps, scope: string): MiddlewareHandler {
  return async (c, next) => {
    const outcome = await checkBearer(apiTokens, c.req.header('authorization'), {
      scope,
      loadUser: (id) => manager.loadUser(id),
      isUserActive: (account) => !account.disabled,
    });
    if (outcome.action === 'deny') return c.json(outcome.body, outcome.status, outcome.headers);
    c.set('apiAccount', outcome.user);
    return next();
  };
}
