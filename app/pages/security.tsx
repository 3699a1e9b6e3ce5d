/** @module The profile's security parts: whether two-factor is on, and the ways to two-factor and passkeys. */
import type { FC } from 'hono/jsx';

/** The two-factor line of the profile's details. */
export const SecurityDetails: FC<{ twoFactorOn: boolean }> = ({ twoFactorOn }) => (
  <>
    <dt>Two-factor authentication</dt>
    <dd class="two-factor-status" data-two-factor={twoFactorOn ? 'on' : 'off'}>
      {twoFactorOn ? 'On' : 'Off'}
    </dd>
  </>
);

/** Links to set up two-factor and to manage passkeys. */
export const SecurityLinks: FC = () => (
  <>
    <li>
      <a href="/auth/two-factor/setup">Two-factor authentication</a>
    </li>
    <li>
      <a href="/auth/passkeys">Your passkeys</a>
    </li>
  </>
);
