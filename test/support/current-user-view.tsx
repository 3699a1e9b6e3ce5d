/** @module A hono/jsx page that shows the current user, as a template would. */
import type { FC } from 'hono/jsx';
import { isAnonymous } from '../../src/core/user.js';
import type { TestUser } from './users.js';

/** Renders the user's name, or the anonymous user's own flags when nobody is logged in. */
export const CurrentUserView: FC<{ user: unknown }> = ({ user }) =>
  isAnonymous(user) ? (
    <p class="anonymous">
      anonymous={String(user.isAnonymous)} authenticated={String(user.isAuthenticated)}
    </p>
  ) : (
    <p class="user">Hello, {(user as TestUser).name}</p>
  );

/** The page a route hands to `c.html`, as a `.ts` test cannot write JSX itself. */
export const currentUserPage = (user: unknown) => <CurrentUserView user={user} />;
