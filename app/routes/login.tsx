/** @module Logging in. */
import type { Hono } from 'hono';
import { loginUrl } from '../../src/index.js';
import type { AppDeps } from '../context.js';
import { authOf } from '../http/auth.js';
import { field } from '../http/form-body.js';
import { LoginPage } from '../pages/login.js';
import { render } from '../pages/render.js';
import { nextOf, refusalView } from './respond.js';

const TITLE = 'Log in';

/** `GET, POST /auth/login`: one answer for every failure (`401`), `429` when held. */
export function loginRoutes(app: Hono, { accounts, publicUrl }: AppDeps): void {
  app.get('/auth/login', (c) =>
    render(c, TITLE, (visitor) => (
      <LoginPage csrfToken={visitor.csrfToken} next={nextOf(c, publicUrl)} />
    )),
  );
  app.post('/auth/login', async (c) => {
    const form = c.var.form;
    const email = field(form, 'email');
    const remember = field(form, 'remember_me') === 'y';
    const auth = authOf(c);
    const next = nextOf(c, publicUrl);
    const result = await accounts.login(auth, {
      email,
      password: field(form, 'password'),
      remember,
      next,
    });
    if (result.ok && result.secondFactorPending) {
      return c.redirect(loginUrl('/auth/two-factor', next), 302);
    }
    if (result.ok) return c.redirect(next ?? '/', 302);
    const { errors, init } = refusalView(result, { passwordCheck: true });
    return render(
      c,
      TITLE,
      (visitor) => (
        <LoginPage
          csrfToken={visitor.csrfToken}
          next={next}
          values={{ email, remember }}
          errors={errors}
        />
      ),
      init,
    );
  });
}
