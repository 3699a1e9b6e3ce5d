/** @module The registration form. */
import type { FC } from 'hono/jsx';
import { EmailField, NewPasswordFields } from './fields.js';
import { type Errors, Field, PostForm, Submit } from './form.js';

/** Props of {@link RegisterPage}; passwords are never echoed back. */
export interface RegisterPageProps {
  readonly csrfToken: string;
  readonly values?: { readonly email?: string; readonly username?: string };
  readonly errors?: Errors;
}

/** Email, username and the new password twice. */
export const RegisterPage: FC<RegisterPageProps> = ({ csrfToken, values = {}, errors = {} }) => (
  <section class="card">
    <PostForm action="/auth/register" csrfToken={csrfToken} errors={errors} label="Register">
      <EmailField value={values.email} error={errors.email} autofocus />
      <Field
        name="username"
        label="Username"
        autocomplete="username"
        maxlength={32}
        hint="3 to 32 characters: letters, digits, _ . -"
        value={values.username ?? ''}
        error={errors.username}
      />
      <NewPasswordFields
        errors={errors}
        label="Password"
        hint="At least 15 characters; a few unrelated words make a good one."
      />
      <Submit label="Create account" />
    </PostForm>
    <p>
      Already have an account? <a href="/auth/login">Log in</a>
    </p>
  </section>
);
