/** @module The sessions page (fresh login): every live session, and ending all but this one. */
import type { Hono } from 'hono';
import { freshLoginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { accountOf, authOf } from '../http/auth.js';
import { render } from '../pages/render.js';
import { SessionsPage } from '../pages/sessions.js';

/** `GET /auth/sessions`, `POST /auth/sessions/revoke-others`. */
export function sessionsRoutes(app: Hono, { accounts, manager }: AppDeps): void {
  app.get('/auth/sessions', freshLoginRequired(), async (c) => {
    const sessions = await manager.listSessions(accountOf(c).id);
    const current = await authOf(c).session();
    const events = await accounts.recentEvents(authOf(c), 10);
    return render(c, 'Your sessions', (visitor) => (
      <SessionsPage
        csrfToken={visitor.csrfToken}
        sessions={sessions}
        currentId={current?.id ?? null}
        events={events}
      />
    ));
  });
  app.post('/auth/sessions/revoke-others', freshLoginRequired(), async (c) => {
    const auth = authOf(c);
    const ended = await accounts.revokeOtherSessions(auth);
    auth.flash(
      ended === 1 ? 'Logged out 1 other session.' : `Logged out ${ended} other sessions.`,
      'success',
    );
    return c.redirect('/auth/sessions', 302);
  });
}
