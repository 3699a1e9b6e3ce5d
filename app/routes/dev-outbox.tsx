/** @module `/dev/outbox`: the development mailbox (never served in production or with SMTP). */
import type { Hono } from 'hono';
import type { AppDeps } from '../context.js';
import { DevOutboxPage } from '../pages/dev-outbox.js';
import { render } from '../pages/render.js';

/** `GET /dev/outbox`, when the app runs with the development outbox. */
export function devOutboxRoutes(app: Hono, { outbox }: AppDeps): void {
  if (outbox === null) return;
  app.get('/dev/outbox', (c) =>
    render(c, 'Outbox', () => <DevOutboxPage messages={outbox.messages()} />, { forms: false }),
  );
}
