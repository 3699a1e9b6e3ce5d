/** @module The reauthentication form: the password again before a sensitive page. */
import type { FC } from 'hono/jsx';
import { loginUrl } from '../../src/index.js';
import { CurrentPasswordField } from './fields.js';
import { type Errors, PostForm, Submit } from './form.js';
import { CodeField } from './two-factor.js';

/** Props of {@link ReauthenticatePage}. */
export interface ReauthenticatePageProps {
  readonly csrfToken: string;
  readonly next: string | null;
  readonly errors?: Errors;
  /** Two-factor is on: the form asks the `code` too. */
  readonly askCode?: boolean;
}

/** Asks for the current password to make the login fresh. */
export const ReauthenticatePage: FC<ReauthenticatePageProps> = ({
  csrfToken,
  next,
  errors = {},
  askCode = false,
}) => (
  <section class="card">
    <p>For your security, please enter your password again to continue.</p>
    <PostForm
      action={loginUrl('/auth/reauthenticate', next)}
      csrfToken={csrfToken}
      errors={errors}
      label="Confirm your password"
    >
      <CurrentPasswordField error={errors.password} autofocus />
      {askCode ? <CodeField error={errors.code} /> : null}
      <Submit label="Continue" />
    </PostForm>
  </section>
);
