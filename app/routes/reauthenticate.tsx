/** @module Reauthentication: the password again, to make a remembered or old login fresh. */
import type { Hono } from 'hono';
import { loginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { authOf } from '../http/auth.js';
import { field } from '../http/form-body.js';
import { ReauthenticatePage } from '../pages/reauthenticate.js';
import { render } from '../pages/render.js';
import { nextOf, refusalView } from './respond.js';

const TITLE = 'Confirm your password';

/** `GET, POST /auth/reauthenticate` for logged-in users; success goes to the safe `next`. */
export function reauthenticateRoutes(app: Hono, { accounts, publicUrl }: AppDeps): void {
  app.get('/auth/reauthenticate', loginRequired(), (c) =>
    render(c, TITLE, (visitor) => (
      <ReauthenticatePage csrfToken={visitor.csrfToken} next={nextOf(c, publicUrl)} />
    )),
  );
  app.post('/auth/reauthenticate', loginRequired(), async (c) => {
    const auth = authOf(c);
    const result = await accounts.reauthenticate(auth, { password: field(c.var.form, 'password') });
    const next = nextOf(c, publicUrl);
    if (result.ok) return c.redirect(next ?? '/', 302);
    const { errors, init } = refusalView(result, { passwordCheck: true });
    return render(
      c,
      TITLE,
      (visitor) => <ReauthenticatePage csrfToken={visitor.csrfToken} next={next} errors={errors} />,
      init,
    );
  });
}
