/** @module The login form. */
import type { FC } from 'hono/jsx';
import { loginUrl } from '../../src/index.js';
import { CurrentPasswordField, EmailField } from './fields.js';
import { Checkbox, type Errors, PostForm, Submit } from './form.js';
import { PasskeyLoginForm } from './passkeys.js';

/** Props of {@link LoginPage}. */
export interface LoginPageProps {
  readonly csrfToken: string;
  /** The safe page to return to, kept in the form's action. */
  readonly next: string | null;
  readonly values?: { readonly email?: string; readonly remember?: boolean };
  readonly errors?: Errors;
}

/** Email, password and remember-me, with the ways to register and to reset a password. */
export const LoginPage: FC<LoginPageProps> = ({ csrfToken, next, values = {}, errors = {} }) => (
  <section class="card">
    <PostForm
      action={loginUrl('/auth/login', next)}
      csrfToken={csrfToken}
      errors={errors}
      label="Log in"
    >
      <EmailField value={values.email} error={errors.email} autofocus />
      <CurrentPasswordField error={errors.password} />
      <Checkbox name="remember_me" label="Remember me on this device" checked={values.remember} />
      <Submit label="Log in" />
    </PostForm>
    <PasskeyLoginForm csrfToken={csrfToken} next={next} />
    <ul class="links">
      <li>
        <a href="/auth/register">Create an account</a>
      </li>
      <li>
        <a href="/auth/reset">Forgot your password?</a>
      </li>
    </ul>
  </section>
);
