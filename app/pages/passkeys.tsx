/** @module The passkeys page, and the passkey sign-in form of the login page (driven by /static/passkeys.js). */
import type { FC } from 'hono/jsx';
import type { PasskeyInfo } from '../../src/accounts/index.js';
import { loginUrl } from '../../src/index.js';
import { Field, PostForm, Submit } from './form.js';
import { readableTime } from './time.js';

/** The page's script and the browser library it uses, both served by the app. */
export const PasskeyScripts: FC = () => (
  <>
    <script src="/static/simplewebauthn-browser.js" defer />
    <script src="/static/passkeys.js" defer />
  </>
);

/** Where the script reports what happened. */
const Status: FC = () => <p class="passkey-status" data-passkey-status role="status" />;

/** Each passkey with its name, when it was added and last used; and a way to add one. */
export const PasskeysPage: FC<{ csrfToken: string; passkeys: readonly PasskeyInfo[] }> = ({
  csrfToken,
  passkeys,
}) => (
  <section class="card">
    {passkeys.length === 0 ? <p>You have no passkeys yet.</p> : null}
    <ul class="passkeys">
      {passkeys.map((passkey) => (
        <li class="passkey" data-passkey-id={passkey.id}>
          <p class="passkey-name">
            <strong>{passkey.name}</strong>
          </p>
          <dl class="details">
            <dt>Added</dt>
            <dd class="passkey-added">
              <time datetime={new Date(passkey.createdAt).toISOString()}>
                {readableTime(passkey.createdAt)}
              </time>
            </dd>
            <dt>Last used</dt>
            <dd class="passkey-last-used">
              {passkey.lastUsedAt === null ? (
                'Never'
              ) : (
                <time datetime={new Date(passkey.lastUsedAt).toISOString()}>
                  {readableTime(passkey.lastUsedAt)}
                </time>
              )}
            </dd>
          </dl>
          <PostForm
            action={`/auth/passkeys/${encodeURIComponent(passkey.id)}/delete`}
            csrfToken={csrfToken}
            label={`Delete ${passkey.name}`}
            class="inline"
          >
            <button type="submit" class="link-button">
              Delete
            </button>
          </PostForm>
        </li>
      ))}
    </ul>
    <form
      method="post"
      action="/auth/passkeys/register/verify"
      class="stack"
      aria-label="Add a passkey"
      data-passkey="register"
      data-options="/auth/passkeys/register/options"
    >
      <input type="hidden" name="csrf_token" value={csrfToken} />
      <Field
        name="name"
        label="Name for the new passkey"
        autocomplete="off"
        maxlength={64}
        hint="For example, the device it lives on."
      />
      <Submit label="Add a passkey" />
      <Status />
    </form>
    <PasskeyScripts />
  </section>
);

/** The login page's passkey form: the script asks the browser for a passkey of this site. */
export const PasskeyLoginForm: FC<{ csrfToken: string; next: string | null }> = ({
  csrfToken,
  next,
}) => (
  <PostForm
    action={loginUrl('/auth/passkeys/login/verify', next)}
    csrfToken={csrfToken}
    label="Sign in with a passkey"
  >
    <span hidden data-passkey="login" data-options="/auth/passkeys/login/options" />
    <Submit label="Sign in with a passkey" />
    <Status />
    <PasskeyScripts />
  </PostForm>
);
