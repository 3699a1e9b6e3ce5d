/** @module The API tokens page (fresh login): make one (shown once), list them, revoke one. */
import type { Context, Hono } from 'hono';
import { freshLoginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { authOf } from '../http/auth.js';
import { clientError } from '../http/errors.js';
import { field, fieldValues } from '../http/form-body.js';
import type { RenderInit } from '../pages/render.js';
import { render } from '../pages/render.js';
import { TokensPage, type TokensPageProps } from '../pages/tokens.js';
import { refusalView } from './respond.js';

const TITLE = 'API tokens';
const SCOPES = ['profile:read'] as const;

/** `GET, POST /auth/tokens` and `POST /auth/tokens/<id>/revoke`. */
export function tokensRoutes(app: Hono, { accounts }: AppDeps): void {
  const page = async (
    c: Context,
    props: Omit<TokensPageProps, 'csrfToken' | 'tokens' | 'scopes'> = {},
    init: RenderInit = {},
  ) => {
    const tokens = await accounts.listApiTokens(authOf(c));
    return render(
      c,
      TITLE,
      (visitor) => (
        <TokensPage csrfToken={visitor.csrfToken} tokens={tokens} scopes={SCOPES} {...props} />
      ),
      init,
    );
  };

  app.get('/auth/tokens', freshLoginRequired(), (c) => page(c));
  app.post('/auth/tokens', freshLoginRequired(), async (c) => {
    const form = c.var.form;
    const input = {
      name: field(form, 'name'),
      scopes: fieldValues(form, 'scope'),
      expires_days: field(form, 'expires_days'),
    };
    const result = await accounts.createApiToken(authOf(c), input);
    // The value is shown on this answer only: no redirect, so it never sits in a URL or flash.
    if (result.ok) return page(c, { created: result.token });
    const { errors, init } = refusalView(result);
    const values = { name: input.name, scopes: input.scopes, days: input.expires_days };
    return page(c, { errors, values }, init);
  });
  app.post('/auth/tokens/:id/revoke', freshLoginRequired(), async (c) => {
    const auth = authOf(c);
    if (!(await accounts.revokeApiToken(auth, c.req.param('id')))) {
      return clientError(c, 404, 'You have no such token.');
    }
    auth.flash('The token was revoked; it no longer works.', 'success');
    return c.redirect('/auth/tokens', 302);
  });
}
