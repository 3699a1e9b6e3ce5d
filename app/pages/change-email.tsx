/** @module The change-email form. */
import type { FC } from 'hono/jsx';
import { CurrentPasswordField, EmailField } from './fields.js';
import { type Errors, PostForm, Submit } from './form.js';

/** Props of {@link ChangeEmailPage}. */
export interface ChangeEmailPageProps {
  readonly csrfToken: string;
  readonly current: string;
  readonly values?: { readonly email?: string };
  readonly errors?: Errors;
}

/** The new address and the password; a link goes to the new address. */
export const ChangeEmailPage: FC<ChangeEmailPageProps> = ({
  csrfToken,
  current,
  values = {},
  errors = {},
}) => (
  <section class="card">
    <p>
      Your address is <strong>{current}</strong>. We will send a confirmation link to the new one.
    </p>
    <PostForm
      action="/auth/change-email"
      csrfToken={csrfToken}
      errors={errors}
      label="Change email"
    >
      <EmailField label="New email" value={values.email} error={errors.email} autofocus />
      <CurrentPasswordField error={errors.password} />
      <Submit label="Send confirmation link" />
    </PostForm>
  </section>
);
