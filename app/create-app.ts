/** @module The Hono app: middleware in order, then one small set of routes per flow. */
import { Hono } from 'hono';
import { latchkey } from '../src/adapters/hono.js';
import type { AppDeps } from './context.js';
import { csrfProtection } from './http/csrf.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { formBody } from './http/form-body.js';
import { securityHeaders } from './http/security-headers.js';
import { unconfirmedGate } from './http/unconfirmed-gate.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { changeEmailRoutes } from './routes/change-email.js';
import { changePasswordRoutes } from './routes/change-password.js';
import { confirmRoutes } from './routes/confirm.js';
import { devOutboxRoutes } from './routes/dev-outbox.js';
import { healthzRoutes } from './routes/healthz.js';
import { homeRoutes } from './routes/home.js';
import { loginRoutes } from './routes/login.js';
import { logoutRoutes } from './routes/logout.js';
import { passkeyStaticRoutes } from './routes/passkey-static.js';
import { passkeyRoutes } from './routes/passkeys.js';
import { reauthenticateRoutes } from './routes/reauthenticate.js';
import { registerRoutes } from './routes/register.js';
import { resetRoutes } from './routes/reset.js';
import { sessionsRoutes } from './routes/sessions.js';
import { staticRoutes } from './routes/static.js';
import { tokensRoutes } from './routes/tokens.js';
import { twoFactorRoutes } from './routes/two-factor.js';

/**
 * Builds the app on its services. Headers are set last so they cover every answer; the form is
 * parsed and its CSRF token checked before any route runs.
 *
 * @example const app = createApp(deps); serve({ fetch: app.fetch });
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(securityHeaders({ hsts: deps.publicUrl.startsWith('https:') }));
  app.use(latchkey(deps.manager));
  // Bearer-only: answered before anything that reads a form, a CSRF token or a cookie.
  apiRoutes(app, deps);
  app.use(formBody());
  app.use(csrfProtection(deps.logger));
  app.use(unconfirmedGate());
  staticRoutes(app);
  passkeyStaticRoutes(app);
  healthzRoutes(app, deps);
  homeRoutes(app, deps);
  registerRoutes(app, deps);
  confirmRoutes(app, deps);
  loginRoutes(app, deps);
  logoutRoutes(app);
  reauthenticateRoutes(app, deps);
  changePasswordRoutes(app, deps);
  resetRoutes(app, deps);
  changeEmailRoutes(app, deps);
  sessionsRoutes(app, deps);
  twoFactorRoutes(app, deps);
  passkeyRoutes(app, deps);
  tokensRoutes(app, deps);
  adminRoutes(app, deps);
  devOutboxRoutes(app, deps);
  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler());
  return app;
}
