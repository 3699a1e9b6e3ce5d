/** @module Changing the email (fresh login): a link to the new address, a notice to the old one. */
import type { Hono } from 'hono';
import { clientOf } from '../../src/accounts/index.js';
import { freshLoginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { accountOf, authOf } from '../http/auth.js';
import { clientError } from '../http/errors.js';
import { field } from '../http/form-body.js';
import { ChangeEmailPage } from '../pages/change-email.js';
import { render } from '../pages/render.js';
import { INVALID_LINK, refusalView } from './respond.js';

const TITLE = 'Change email';

/** `GET, POST /auth/change-email` and `GET /auth/change-email/<token>`. */
export function changeEmailRoutes(app: Hono, { accounts }: AppDeps): void {
  app.get('/auth/change-email', freshLoginRequired(), (c) =>
    render(c, TITLE, (visitor) => (
      <ChangeEmailPage csrfToken={visitor.csrfToken} current={accountOf(c).email} />
    )),
  );
  app.post('/auth/change-email', freshLoginRequired(), async (c) => {
    const form = c.var.form;
    const email = field(form, 'email');
    const auth = authOf(c);
    const result = await accounts.requestEmailChange(auth, {
      email,
      password: field(form, 'password'),
    });
    if (result.ok) {
      auth.flash(
        'A confirmation link has been sent to the new address; your address changes once you follow it.',
        'success',
      );
      return c.redirect('/profile', 302);
    }
    const { errors, init } = refusalView(result);
    return render(
      c,
      TITLE,
      (visitor) => (
        <ChangeEmailPage
          csrfToken={visitor.csrfToken}
          current={accountOf(c).email}
          values={{ email }}
          errors={errors}
        />
      ),
      init,
    );
  });

  app.get('/auth/change-email/:token', async (c) => {
    const result = await accounts.confirmEmailChange(c.req.param('token'), clientOf(authOf(c)));
    if (result.ok) {
      authOf(c).flash('Your email address has been changed.', 'success');
      return c.redirect('/', 302);
    }
    if (result.reason === 'email_taken') {
      return clientError(
        c,
        409,
        'That address now belongs to another account, so it was not changed.',
      );
    }
    return clientError(c, 400, INVALID_LINK);
  });
}
