/** @module The development outbox: the mail the app would have sent, newest first, links clickable. */
import type { FC } from 'hono/jsx';
import type { OutboxEntry } from '../mail/dev-outbox.js';
import { readableTime } from './time.js';

/** Lists each kept message with its text part and its links. */
export const DevOutboxPage: FC<{ messages: readonly OutboxEntry[] }> = ({ messages }) => (
  <section>
    <p>Mail is not sent in development: it lands here (and in the console) instead.</p>
    {messages.length === 0 ? <p class="message">No mail yet.</p> : null}
    {messages.map((mail) => (
      <article class="card mail">
        <h2>{mail.subject}</h2>
        <dl class="details">
          <dt>To</dt>
          <dd>{mail.to}</dd>
          <dt>Sent</dt>
          <dd>
            <time datetime={new Date(mail.sentAt).toISOString()}>{readableTime(mail.sentAt)}</time>
          </dd>
        </dl>
        <ul class="links">
          {linksIn(mail.text).map((link) => (
            <li>
              <a href={link}>{link}</a>
            </li>
          ))}
        </ul>
        <pre class="mail-text">{mail.text}</pre>
      </article>
    ))}
  </section>
);

function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"']+/g)].map((m) => m[0].replace(/[.,;:!?)\]]+$/, ''));
}
