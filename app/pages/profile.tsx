/** @module The profile page: who you are, and where to change it. */
import type { FC } from 'hono/jsx';
import type { Account } from '../../src/accounts/index.js';
import { SecurityDetails, SecurityLinks } from './security.js';

/** Shows the username and email with links to the account's settings. */
export const ProfilePage: FC<{ account: Account; twoFactorOn: boolean }> = ({
  account,
  twoFactorOn,
}) => (
  <section class="card">
    <dl class="details">
      <dt>Username</dt>
      <dd class="username">{account.username}</dd>
      <dt>Email</dt>
      <dd class="email">{account.email}</dd>
      <dt>Address confirmed</dt>
      <dd>{account.confirmed ? 'Yes' : 'Not yet'}</dd>
      <SecurityDetails twoFactorOn={twoFactorOn} />
    </dl>
    <ul class="links">
      <li>
        <a href="/auth/change-password">Change password</a>
      </li>
      <li>
        <a href="/auth/change-email">Change email</a>
      </li>
      <li>
        <a href="/auth/sessions">Your sessions</a>
      </li>
      <SecurityLinks />
      <li>
        <a href="/auth/tokens">API tokens</a>
      </li>
    </ul>
  </section>
);
