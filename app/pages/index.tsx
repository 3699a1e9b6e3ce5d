/** @module The home page: the username and a way to the profile, or a way to log in. */
import type { FC } from 'hono/jsx';
import type { Account } from '../../src/accounts/index.js';

/** Greets the logged-in user by username, or points a visitor to the login page. */
export const IndexPage: FC<{ user: Account | null }> = ({ user }) =>
  user ? (
    <section class="card">
      <p>
        Welcome back, <strong class="username">{user.username}</strong>.
      </p>
      <p>
        <a href="/profile">Your profile</a>
      </p>
    </section>
  ) : (
    <section class="card">
      <p>A complete account system: sign up, confirm your address, and sign in safely.</p>
      <p class="actions">
        <a class="button" href="/auth/login">
          Log in
        </a>
        <a href="/auth/register">Create an account</a>
      </p>
    </section>
  );
