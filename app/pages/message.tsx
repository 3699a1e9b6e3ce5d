/** @module A page that only says something: errors, expired links, refusals. */
import type { FC } from 'hono/jsx';

/** One message, with a way back home. */
export const MessagePage: FC<{ message: string }> = ({ message }) => (
  <section class="card">
    <p class="message">{message}</p>
    <p>
      <a href="/">Back to the home page</a>
    </p>
  </section>
);
