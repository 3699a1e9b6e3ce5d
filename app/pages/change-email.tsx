/** @module The change-email form. */
import type { FC } from 'hono/jsx';
import { type Errors, Field, PostForm, Submit } from './form.js';

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
      <Field
        name="email"
        label="New email"
        type="email"
        autocomplete="email"
        maxlength={254}
        value={values.email ?? ''}
        error={errors.email}
        autofocus
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autocomplete="current-password"
        error={errors.password}
      />
      <Submit label="Send confirmation link" />
    </PostForm>
  </section>
);
