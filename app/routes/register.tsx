/** @module Registration. */
import type { Hono } from 'hono';
import type { AppDeps } from '../context.js';
import { authOf } from '../http/auth.js';
import { field } from '../http/form-body.js';
import { RegisterPage } from '../pages/register.js';
import { render } from '../pages/render.js';
import { refusalView } from './respond.js';

const TITLE = 'Create an account';

/** `GET, POST /auth/register`: the same answer whether or not the address was taken. */
export function registerRoutes(app: Hono, { accounts }: AppDeps): void {
  app.get('/auth/register', (c) =>
    render(c, TITLE, (visitor) => <RegisterPage csrfToken={visitor.csrfToken} />),
  );
  app.post('/auth/register', async (c) => {
    const form = c.var.form;
    const input = {
      email: field(form, 'email'),
      username: field(form, 'username'),
      password: field(form, 'password'),
      password2: field(form, 'password2'),
    };
    const auth = authOf(c);
    const result = await accounts.register(auth, input);
    if (result.ok) {
      auth.flash(
        'A confirmation email has been sent. Follow its link to confirm your address, then log in.',
        'success',
      );
      return c.redirect('/auth/login', 302);
    }
    const { errors, init } = refusalView(result);
    const values = { email: input.email, username: input.username };
    return render(
      c,
      TITLE,
      (visitor) => <RegisterPage csrfToken={visitor.csrfToken} values={values} errors={errors} />,
      init,
    );
  });
}
