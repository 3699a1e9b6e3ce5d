/** @module The home and profile pages. */
import type { Hono } from 'hono';
import { loginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { accountOf } from '../http/auth.js';
import { IndexPage } from '../pages/index.js';
import { ProfilePage } from '../pages/profile.js';
import { render } from '../pages/render.js';

/** `GET /` for anyone, `GET /profile` for logged-in users. */
export function homeRoutes(app: Hono, { accounts }: AppDeps): void {
  app.get('/', (c) =>
    render(c, 'Welcome', (visitor) => <IndexPage user={visitor.user} />, { forms: false }),
  );
  app.get('/profile', loginRequired(), async (c) => {
    const { enabled } = await accounts.twoFactor.status(accountOf(c).id);
    return render(
      c,
      'Your profile',
      () => <ProfilePage account={accountOf(c)} twoFactorOn={enabled} />,
      { forms: false },
    );
  });
}
