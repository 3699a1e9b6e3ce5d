/** @module The two-factor pages: setting it up (and managing it), the code after the password, the recovery codes. */
import type { FC } from 'hono/jsx';
import type { SetupShown, TwoFactorStatus } from '../../src/accounts/index.js';
import { loginUrl } from '../../src/index.js';
import { type Errors, Field, PostForm, Submit } from './form.js';
import { RevokeOthersForm } from './sessions.js';

/** The `code` input: a TOTP code or a recovery code. */
export const CodeField: FC<{ error?: string; autofocus?: boolean; label?: string }> = ({
  error,
  autofocus = false,
  label = 'Code from your authenticator app',
}) => (
  <Field
    name="code"
    label={label}
    autocomplete="one-time-code"
    hint="Six digits, or one of your recovery codes."
    maxlength={32}
    error={error}
    autofocus={autofocus}
  />
);

/** Props of {@link TwoFactorSetupPage}. */
export interface TwoFactorSetupPageProps {
  readonly csrfToken: string;
  readonly shown: SetupShown;
  readonly status: TwoFactorStatus;
  readonly errors?: Errors;
}

/** A new secret (text, URI and QR code) with its confirmation form; when on, new codes and off. */
export const TwoFactorSetupPage: FC<TwoFactorSetupPageProps> = ({
  csrfToken,
  shown,
  status,
  errors = {},
}) => (
  <>
    {status.enabled ? (
      <section class="card">
        <p data-two-factor="on">
          Two-factor authentication is <strong>on</strong>. {status.recoveryCodesLeft} of your
          recovery codes are unused.
        </p>
        <PostForm
          action="/auth/two-factor/recovery-codes"
          csrfToken={csrfToken}
          label="Make new recovery codes"
        >
          <Submit label="Make new recovery codes" />
        </PostForm>
        <PostForm
          action="/auth/two-factor/disable"
          csrfToken={csrfToken}
          errors={{}}
          label="Turn two-factor off"
        >
          <CodeField error={errors.disable} label="Current code, to turn two-factor off" />
          <Submit label="Turn two-factor off" />
        </PostForm>
      </section>
    ) : null}
    <section class="card">
      <h2>{status.enabled ? 'Move to a new authenticator app' : 'Turn on two-factor'}</h2>
      <p>Scan this code with your authenticator app, or type the secret into it.</p>
      <img
        class="qr-code"
        src={`data:image/svg+xml;base64,${Buffer.from(shown.qrSvg).toString('base64')}`}
        alt="QR code of your two-factor secret"
        width="220"
        height="220"
      />
      <p>
        Secret: <code data-totp-secret={shown.secret}>{shown.secret}</code>
      </p>
      <p class="hint">
        <span data-otpauth-uri={shown.uri}>{shown.uri}</span>
      </p>
      <PostForm
        action="/auth/two-factor/setup"
        csrfToken={csrfToken}
        errors={errors.form ? { form: errors.form } : {}}
        label="Confirm two-factor"
      >
        <Field
          name="code"
          label="The 6-digit code your app shows now"
          autocomplete="one-time-code"
          maxlength={16}
          error={errors.code}
          autofocus={!status.enabled}
        />
        <Submit label="Turn on two-factor" />
      </PostForm>
    </section>
  </>
);

/**
 * The recovery codes, shown this once, and (a factor changed) the offer to log out every other
 * session on the spot.
 */
export const RecoveryCodesPage: FC<{ codes: readonly string[]; csrfToken: string }> = ({
  codes,
  csrfToken,
}) => (
  <section class="card">
    <p>
      Two-factor authentication is on. Keep these recovery codes somewhere safe: each works once, if
      you lose your authenticator app. They are shown only this once.
    </p>
    <ol class="recovery-codes">
      {codes.map((code) => (
        <li>
          <code data-recovery-code={code}>{code}</code>
        </li>
      ))}
    </ol>
    <p>If someone else may have had your password, log out everywhere else too.</p>
    <RevokeOthersForm csrfToken={csrfToken} />
    <p>
      <a href="/profile">Back to your profile</a>
    </p>
  </section>
);

/** The second step of a login: the code. */
export const TwoFactorChallengePage: FC<{
  csrfToken: string;
  next: string | null;
  errors?: Errors;
}> = ({ csrfToken, next, errors = {} }) => (
  <section class="card">
    <p>Your password was right. Now enter the code from your authenticator app.</p>
    <PostForm
      action={loginUrl('/auth/two-factor', next)}
      csrfToken={csrfToken}
      errors={errors}
      label="Two-factor code"
    >
      <CodeField error={errors.code} autofocus />
      <Submit label="Continue" />
    </PostForm>
    <ul class="links">
      <li>
        <a href="/auth/login">Start again</a>
      </li>
    </ul>
  </section>
);
