/** @module The password reset pages: asking for a link, and choosing a new password by link. */
import type { FC } from 'hono/jsx';
import { EmailField, NewPasswordFields } from './fields.js';
import { type Errors, PostForm, Submit } from './form.js';

/** Props of {@link ResetRequestPage}. */
export interface ResetRequestPageProps {
  readonly csrfToken: string;
  readonly values?: { readonly email?: string };
  readonly errors?: Errors;
}

/** Asks for the account's email address. */
export const ResetRequestPage: FC<ResetRequestPageProps> = ({
  csrfToken,
  values = {},
  errors = {},
}) => (
  <section class="card">
    <p>Enter your account's email address and we will send you a link to choose a new password.</p>
    <PostForm action="/auth/reset" csrfToken={csrfToken} errors={errors} label="Reset password">
      <EmailField value={values.email} error={errors.email} autofocus />
      <Submit label="Send reset link" />
    </PostForm>
    <p>
      <a href="/auth/login">Back to log in</a>
    </p>
  </section>
);

/** Props of {@link ResetPasswordPage}. */
export interface ResetPasswordPageProps {
  readonly csrfToken: string;
  /** The link's own path, which the form posts back to. */
  readonly action: string;
  readonly errors?: Errors;
}

/** The new password twice. */
export const ResetPasswordPage: FC<ResetPasswordPageProps> = ({
  csrfToken,
  action,
  errors = {},
}) => (
  <section class="card">
    <PostForm action={action} csrfToken={csrfToken} errors={errors} label="Choose a new password">
      <NewPasswordFields errors={errors} autofocus />
      <Submit label="Set new password" />
    </PostForm>
  </section>
);
