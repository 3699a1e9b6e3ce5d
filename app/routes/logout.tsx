/** @module Logging out: a POST (a GET only shows the form). */
import type { Hono } from 'hono';
import { authOf } from '../http/auth.js';
import { LogoutPage } from '../pages/logout.js';
import { render } from '../pages/render.js';

/** `GET, POST /auth/logout`: the POST works for anyone and expires both cookies. */
export function logoutRoutes(app: Hono): void {
  app.get('/auth/logout', (c) =>
    render(c, 'Log out', (visitor) => (
      <LogoutPage csrfToken={visitor.csrfToken} loggedIn={visitor.user !== null} />
    )),
  );
  app.post('/auth/logout', async (c) => {
    const auth = authOf(c);
    await auth.logout();
    auth.flash('You have been logged out.', 'success');
    return c.redirect('/', 302);
  });
}
