/** @module The change-password form. */
import type { FC } from 'hono/jsx';
import { NewPasswordFields } from './fields.js';
import { type Errors, Field, PostForm, Submit } from './form.js';

/** The current password, then the new one twice. */
export const ChangePasswordPage: FC<{ csrfToken: string; errors?: Errors }> = ({
  csrfToken,
  errors = {},
}) => (
  <section class="card">
    <p>Changing your password logs out every other browser and device.</p>
    <PostForm
      action="/auth/change-password"
      csrfToken={csrfToken}
      errors={errors}
      label="Change password"
    >
      {/* The current password: a password manager fills it, and offers the new one below. */}
      <Field
        name="old_password"
        label="Current password"
        type="password"
        autocomplete="current-password"
        error={errors.old_password}
        autofocus
      />
      <NewPasswordFields errors={errors} />
      <Submit label="Change password" />
    </PostForm>
  </section>
);
