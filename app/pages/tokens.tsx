/** @module The API tokens page: a new token shown once, the list (never a value), and the form. */
import type { FC } from 'hono/jsx';
import type { ApiTokenInfo } from '../../src/index.js';
import { type Errors, Field, PostForm, Submit } from './form.js';
import { readableTime } from './time.js';

/** Props of {@link TokensPage}. */
export interface TokensPageProps {
  readonly csrfToken: string;
  readonly tokens: readonly ApiTokenInfo[];
  /** The scopes a token may carry. */
  readonly scopes: readonly string[];
  /** The value of a token just made: shown this once. */
  readonly created?: string;
  readonly errors?: Errors;
  readonly values?: {
    readonly name?: string;
    readonly scopes?: readonly string[];
    readonly days?: string;
  };
}

/** The new token (if any), every live token with its details and revoke button, and the form. */
export const TokensPage: FC<TokensPageProps> = (props) => {
  const { csrfToken, tokens, scopes, created, errors = {}, values = {} } = props;
  return (
    <>
      {created ? (
        <section class="card" aria-labelledby="new-token">
          <h2 id="new-token">Your new token</h2>
          <p>Copy it now: it is shown this once and cannot be shown again.</p>
          <p>
            <code class="api-token" data-api-token>
              {created}
            </code>
          </p>
        </section>
      ) : null}
      <section class="card" aria-labelledby="token-list">
        <h2 id="token-list">Your tokens</h2>
        {tokens.length === 0 ? <p>You have no API tokens.</p> : null}
        <ul class="sessions">
          {tokens.map((token) => (
            <li class="session" data-token-id={token.id}>
              <p class="token-name">{token.name}</p>
              <dl class="details">
                <dt>Scopes</dt>
                <dd class="token-scopes">
                  {token.scopes.length ? token.scopes.join(' ') : 'None'}
                </dd>
                <dt>Created</dt>
                <dd class="token-created">{timeOf(token.createdAt)}</dd>
                <dt>Expires</dt>
                <dd class="token-expires">{timeOf(token.expiresAt)}</dd>
                <dt>Last used</dt>
                <dd class="token-last-used">
                  {token.lastUsedAt === null ? 'Never' : timeOf(token.lastUsedAt)}
                </dd>
              </dl>
              <PostForm
                action={`/auth/tokens/${token.id}/revoke`}
                csrfToken={csrfToken}
                label={`Revoke ${token.name}`}
                class="inline"
              >
                <Submit label="Revoke" />
              </PostForm>
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="token-form">
        <h2 id="token-form">Make a token</h2>
        <PostForm action="/auth/tokens" csrfToken={csrfToken} errors={errors} label="Make a token">
          <Field
            name="name"
            label="Name"
            autocomplete="off"
            maxlength={100}
            value={values.name ?? ''}
            error={errors.name}
            hint="What the token is for, e.g. “deploy script”."
          />
          <fieldset class="field">
            <legend>Scopes</legend>
            {scopes.map((scope) => (
              <div class="field field-checkbox">
                <input
                  id={`scope-${scope}`}
                  type="checkbox"
                  name="scope"
                  value={scope}
                  checked={values.scopes?.includes(scope) ?? true}
                />
                <label for={`scope-${scope}`}>{scope}</label>
              </div>
            ))}
            {errors.scope ? <p class="field-error">{errors.scope}</p> : null}
          </fieldset>
          <div class={errors.expires_days ? 'field field-invalid' : 'field'}>
            <label for="field-expires_days">Expires after (days)</label>
            <input
              id="field-expires_days"
              name="expires_days"
              type="number"
              min="1"
              max="365"
              value={values.days ?? '30'}
              aria-invalid={errors.expires_days ? 'true' : undefined}
              aria-describedby={errors.expires_days ? 'field-expires_days-error' : undefined}
            />
            {errors.expires_days ? (
              <p id="field-expires_days-error" class="field-error">
                {errors.expires_days}
              </p>
            ) : null}
          </div>
          <Submit label="Make token" />
        </PostForm>
      </section>
    </>
  );
};

function timeOf(ms: number) {
  return <time datetime={new Date(ms).toISOString()}>{readableTime(ms)}</time>;
}
