/** @module The logout page: logging out is a POST, so a link lands here first. */
import type { FC } from 'hono/jsx';
import { PostForm, Submit } from './form.js';

/** A button that logs out (the form works for anyone; it also clears stale cookies). */
export const LogoutPage: FC<{ csrfToken: string; loggedIn: boolean }> = ({
  csrfToken,
  loggedIn,
}) => (
  <section class="card">
    <p>{loggedIn ? 'Log out of this browser?' : 'You are not logged in.'}</p>
    <PostForm action="/auth/logout" csrfToken={csrfToken} label="Log out">
      <Submit label="Log out" />
    </PostForm>
  </section>
);
