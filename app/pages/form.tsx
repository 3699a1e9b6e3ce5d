/**
 * @module Accessible form parts: every input labelled, errors beside their field
 * (aria-invalid + aria-describedby), a form-level error area, and the CSRF token in every form.
 */
import type { Child, FC } from 'hono/jsx';

/** Messages by field name; `form` is about the whole form. */
export type Errors = Readonly<Record<string, string>>;

/** Props of {@link PostForm}. */
export interface PostFormProps {
  readonly action: string;
  readonly csrfToken: string;
  readonly errors?: Errors;
  /** Names the form for assistive technology. */
  readonly label?: string;
  /** Default `stack` (fields one under another). */
  readonly class?: string;
  readonly children?: Child;
}

/** A POST form carrying its hidden `csrf_token`, with the form-level error area on top. */
export const PostForm: FC<PostFormProps> = (props) => {
  const { action, csrfToken, errors, label, children } = props;
  const formError = errors?.form;
  return (
    <form
      method="post"
      action={action}
      class={props.class ?? 'stack'}
      aria-label={label}
      aria-describedby={formError ? 'form-error' : undefined}
    >
      <input type="hidden" name="csrf_token" value={csrfToken} />
      {formError ? (
        <p id="form-error" class="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      {children}
    </form>
  );
};

/** Props of {@link Field}. */
export interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'password';
  readonly autocomplete: string;
  readonly value?: string;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly maxlength?: number;
  readonly autofocus?: boolean;
}

/** One labelled input with its hint and its error message next to it. */
export const Field: FC<FieldProps> = (props) => {
  const id = `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autocomplete={props.autocomplete}
        value={props.type === 'password' ? undefined : props.value}
        maxlength={props.maxlength}
        required
        autofocus={props.autofocus}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.error ? (
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
};

/** A labelled checkbox (value `y`, as the contract's `remember_me`). */
export const Checkbox: FC<{ name: string; label: string; checked?: boolean }> = (props) => (
  <div class="field field-checkbox">
    <input
      id={`field-${props.name}`}
      name={props.name}
      type="checkbox"
      value="y"
      checked={props.checked}
    />
    <label for={`field-${props.name}`}>{props.label}</label>
  </div>
);

/** The form's submit button. */
export const Submit: FC<{ label: string }> = ({ label }) => (
  <button type="submit" class="button">
    {label}
  </button>
);
