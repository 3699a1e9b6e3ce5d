/** @module Confirming the address: the emailed link, the unconfirmed page and a new link. */
import type { Hono } from 'hono';
import { clientOf } from '../../src/accounts/index.js';
import { loginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { accountOf, authOf } from '../http/auth.js';
import { clientError } from '../http/errors.js';
import { UnconfirmedPage } from '../pages/confirm.js';
import { render } from '../pages/render.js';
import { INVALID_LINK, refusalView } from './respond.js';

const UNCONFIRMED_TITLE = 'Confirm your address';

/** `GET /auth/confirm/<token>`, `GET /auth/unconfirmed`, `POST /auth/confirm/resend`. */
export function confirmRoutes(app: Hono, { accounts }: AppDeps): void {
  // A login redirect may bring someone back here by GET: show them the resend form.
  app.get('/auth/confirm/resend', (c) => c.redirect('/auth/unconfirmed', 302));

  app.get('/auth/confirm/:token', async (c) => {
    const result = await accounts.confirm(c.req.param('token'), clientOf(authOf(c)));
    if (!result.ok) return clientError(c, 400, INVALID_LINK);
    authOf(c).flash('Thank you: your address is confirmed.', 'success');
    return c.redirect('/', 302);
  });

  app.get('/auth/unconfirmed', loginRequired(), (c) => {
    const account = accountOf(c);
    if (account.confirmed) return c.redirect('/', 302);
    return render(c, UNCONFIRMED_TITLE, (visitor) => (
      <UnconfirmedPage csrfToken={visitor.csrfToken} email={account.email} />
    ));
  });

  app.post('/auth/confirm/resend', loginRequired(), async (c) => {
    const auth = authOf(c);
    const result = await accounts.resendConfirmation(auth);
    if (result.ok) {
      auth.flash('A new confirmation link is on its way; earlier links no longer work.', 'success');
      return c.redirect('/auth/unconfirmed', 302);
    }
    const { errors, init } = refusalView(result);
    return render(
      c,
      UNCONFIRMED_TITLE,
      (visitor) => (
        <UnconfirmedPage csrfToken={visitor.csrfToken} email={accountOf(c).email} errors={errors} />
      ),
      init,
    );
  });
}
