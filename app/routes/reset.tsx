/** @module Resetting a forgotten password: asking for a link, and setting a password by link. */
import type { Hono } from 'hono';
import { clientOf } from '../../src/accounts/index.js';
import type { AppDeps } from '../context.js';
import { authOf } from '../http/auth.js';
import { clientError } from '../http/errors.js';
import { field } from '../http/form-body.js';
import { render } from '../pages/render.js';
import { ResetPasswordPage, ResetRequestPage } from '../pages/reset.js';
import { INVALID_LINK, refusalView } from './respond.js';

const REQUEST_TITLE = 'Reset your password';
const RESET_TITLE = 'Choose a new password';

/** `GET, POST /auth/reset` and `GET, POST /auth/reset/<token>`. */
export function resetRoutes(app: Hono, { accounts }: AppDeps): void {
  app.get('/auth/reset', (c) =>
    render(c, REQUEST_TITLE, (visitor) => <ResetRequestPage csrfToken={visitor.csrfToken} />),
  );
  app.post('/auth/reset', async (c) => {
    const email = field(c.var.form, 'email');
    const auth = authOf(c);
    const result = await accounts.requestReset(auth, { email });
    if (result.ok) {
      auth.flash('If that address has an account, a reset link is on its way.', 'success');
      return c.redirect('/auth/login', 302);
    }
    const { errors, init } = refusalView(result);
    return render(
      c,
      REQUEST_TITLE,
      (visitor) => (
        <ResetRequestPage csrfToken={visitor.csrfToken} values={{ email }} errors={errors} />
      ),
      init,
    );
  });

  app.get('/auth/reset/:token', async (c) => {
    if (!(await accounts.checkResetLink(c.req.param('token')))) {
      return clientError(c, 400, INVALID_LINK);
    }
    return render(c, RESET_TITLE, (visitor) => (
      <ResetPasswordPage csrfToken={visitor.csrfToken} action={c.req.path} />
    ));
  });
  app.post('/auth/reset/:token', async (c) => {
    const form = c.var.form;
    const result = await accounts.resetPassword(
      c.req.param('token'),
      {
        password: field(form, 'password'),
        password2: field(form, 'password2'),
      },
      clientOf(authOf(c)),
    );
    if (result.ok) {
      authOf(c).flash('Your password has been reset. Please log in with the new one.', 'success');
      return c.redirect('/auth/login', 302);
    }
    if (result.reason !== 'invalid' && result.reason !== 'throttled') {
      return clientError(c, 400, INVALID_LINK);
    }
    const { errors, init } = refusalView(result);
    return render(
      c,
      RESET_TITLE,
      (visitor) => (
        <ResetPasswordPage csrfToken={visitor.csrfToken} action={c.req.path} errors={errors} />
      ),
      init,
    );
  });
}
