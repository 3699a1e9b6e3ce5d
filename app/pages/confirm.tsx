/** @module The page for a logged-in user whose address is not confirmed yet. */
import type { FC } from 'hono/jsx';
import { type Errors, PostForm, Submit } from './form.js';

/** Explains the missing confirmation and offers a new link. */
export const UnconfirmedPage: FC<{ csrfToken: string; email: string; errors?: Errors }> = ({
  csrfToken,
  email,
  errors,
}) => (
  <section class="card">
    <p>
      Please confirm your address: we sent a link to <strong>{email}</strong>. Until then, only the
      home page and account pages are open to you.
    </p>
    <PostForm
      action="/auth/confirm/resend"
      csrfToken={csrfToken}
      errors={errors}
      label="Resend confirmation"
    >
      <Submit label="Send a new confirmation link" />
    </PostForm>
  </section>
);
