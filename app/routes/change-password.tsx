/** @module Changing the password (fresh login): every other session ends, this one gets a new id. */
import type { Hono } from 'hono';
import { freshLoginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { authOf } from '../http/auth.js';
import { field } from '../http/form-body.js';
import { ChangePasswordPage } from '../pages/change-password.js';
import { render } from '../pages/render.js';
import { refusalView } from './respond.js';

const TITLE = 'Change password';

/** `GET, POST /auth/change-password`. */
export function changePasswordRoutes(app: Hono, { accounts }: AppDeps): void {
  app.get('/auth/change-password', freshLoginRequired(), (c) =>
    render(c, TITLE, (visitor) => <ChangePasswordPage csrfToken={visitor.csrfToken} />),
  );
  app.post('/auth/change-password', freshLoginRequired(), async (c) => {
    const form = c.var.form;
    const auth = authOf(c);
    const result = await accounts.changePassword(auth, {
      old_password: field(form, 'old_password'),
      password: field(form, 'password'),
      password2: field(form, 'password2'),
    });
    if (result.ok) {
      auth.flash('Your password has been changed; every other session was logged out.', 'success');
      return c.redirect('/profile', 302);
    }
    const { errors, init } = refusalView(result);
    return render(
      c,
      TITLE,
      (visitor) => <ChangePasswordPage csrfToken={visitor.csrfToken} errors={errors} />,
      init,
    );
  });
}
