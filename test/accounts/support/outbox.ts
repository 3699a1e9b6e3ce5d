/** @module A Mailer that keeps every message, with helpers to find mails and their link tokens. */
import type { Mailer, MailKind, MailMessage } from '../../../src/accounts/index.js';

const LINK_TOKEN = /https:\/\/\S+\/([A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:\s|$)/;

/** Records mail instead of sending it. */
export class Outbox implements Mailer {
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }

  /** Every mail of `kind` (to `to`, when given), oldest first. */
  all(kind: MailKind, to?: string): MailMessage[] {
    return this.sent.filter((m) => m.kind === kind && (to === undefined || m.to === to));
  }

  /** The newest mail of `kind` to `to`; throws when there is none. */
  last(kind: MailKind, to: string): MailMessage {
    const message = this.all(kind, to).at(-1);
    if (!message) throw new Error(`no ${kind} mail to ${to}`);
    return message;
  }

  /** The link token in the newest mail of `kind` to `to`. */
  token(kind: MailKind, to: string): string {
    const message = this.last(kind, to);
    const token = LINK_TOKEN.exec(message.text)?.[1];
    if (!token) throw new Error(`no link in the ${kind} mail to ${to}`);
    return token;
  }
}
