/** @module The fields several forms share: an email address, a password, a new password twice. */
import type { FC } from 'hono/jsx';
import { type Errors, Field } from './form.js';

/** An email input (at most 254 characters, `autocomplete="email"`). */
export const EmailField: FC<{
  label?: string;
  value?: string;
  error?: string;
  autofocus?: boolean;
}> = ({ label = 'Email', value = '', error, autofocus = false }) => (
  <Field
    name="email"
    label={label}
    type="email"
    autocomplete="email"
    maxlength={254}
    value={value}
    error={error}
    autofocus={autofocus}
  />
);

/** A password the person already has (`autocomplete="current-password"`). */
export const CurrentPasswordField: FC<{ error?: string; autofocus?: boolean }> = ({
  error,
  autofocus = false,
}) => (
  <Field
    name="password"
    label="Password"
    type="password"
    autocomplete="current-password"
    error={error}
    autofocus={autofocus}
  />
);

/** A new password and its repetition (`password`, `password2`, `autocomplete="new-password"`). */
export const NewPasswordFields: FC<{
  errors: Errors;
  label?: string;
  hint?: string;
  autofocus?: boolean;
}> = ({ errors, label = 'New password', hint = 'At least 15 characters.', autofocus = false }) => (
  <>
    <Field
      name="password"
      label={label}
      type="password"
      autocomplete="new-password"
      hint={hint}
      error={errors.password}
      autofocus={autofocus}
    />
    <Field
      name="password2"
      label={`Repeat ${label.toLowerCase()}`}
      type="password"
      autocomplete="new-password"
      error={errors.password2}
    />
  </>
);
