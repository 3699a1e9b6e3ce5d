/** @module Reauthentication: the password again, to make a remembered or old login fresh. */
import type { Context, Hono } from 'hono';
import { loginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { accountOf, authOf } from '../http/auth.js';
import { field } from '../http/form-body.js';
import { ReauthenticatePage } from '../pages/reauthenticate.js';
import { render } from '../pages/render.js';
import { nextOf, refusalView } from './respond.js';

const TITLE = 'Confirm your password';

/** `GET, POST /auth/reauthenticate` for logged-in users; success goes to the safe `next`. */
export function reauthenticateRoutes(app: Hono, { accounts, publicUrl }: AppDeps): void {
  // A two-factor account gives its code on the same form as the password.
  const asksCode = async (c: Context) => (await accounts.twoFactor.status(accountOf(c).id)).enabled;
  app.get('/auth/reauthenticate', loginRequired(), async (c) => {
    const askCode = await asksCode(c);
    return render(c, TITLE, (visitor) => (
      <ReauthenticatePage
        csrfToken={visitor.csrfToken}
        next={nextOf(c, publicUrl)}
        askCode={askCode}
      />
    ));
  });
  app.post('/auth/reauthenticate', loginRequired(), async (c) => {
    const auth = authOf(c);
    const form = c.var.form;
    const result = await accounts.reauthenticate(auth, {
      password: field(form, 'password'),
      code: field(form, 'code'),
    });
    const next = nextOf(c, publicUrl);
    if (result.ok) return c.redirect(next ?? '/', 302);
    const { errors, init } = refusalView(result, { passwordCheck: true });
    const askCode = await asksCode(c);
    return render(
      c,
      TITLE,
      (visitor) => (
        <ReauthenticatePage
          csrfToken={visitor.csrfToken}
          next={next}
          errors={errors}
          askCode={askCode}
        />
      ),
      init,
    );
  });
}
