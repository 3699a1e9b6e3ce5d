/** @module The change-password form. */
import type { FC } from 'hono/jsx';
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
      <Field
        name="old_password"
        label="Current password"
        type="password"
        autocomplete="current-password"
        error={errors.old_password}
        autofocus
      />
      <Field
        name="password"
        label="New password"
        type="password"
        autocomplete="new-password"
        hint="At least 15 characters."
        error={errors.password}
      />
      <Field
        name="password2"
        label="Repeat new password"
        type="password"
        autocomplete="new-password"
        error={errors.password2}
      />
      <Submit label="Change password" />
    </PostForm>
  </section>
);
