/**
 * @module The development outbox: without SMTP_URL, mail is printed to the log and kept in
 * memory for `/dev/outbox` (it is the developer's own mailbox, so links are shown in full).
 */
import type { Logger } from 'pino';
import type { MailMessage } from '../../src/accounts/index.js';
import type { ClosableMailer } from './smtp-mailer.js';

/** Only the newest messages are kept. */
const KEEP = 100;

/** A message as the outbox keeps it. */
export interface OutboxEntry extends MailMessage {
  readonly sentAt: number;
}

/** A mailer that keeps what it "sends". */
export interface DevOutbox extends ClosableMailer {
  /** The kept messages, newest first. */
  messages(): readonly OutboxEntry[];
}

/**
 * Creates the outbox; every message is logged at info level, text part included.
 *
 * @example const outbox = createDevOutbox(logger, Date.now);
 */
export function createDevOutbox(logger: Logger, clock: () => number): DevOutbox {
  const kept: OutboxEntry[] = [];
  return {
    async send(message: MailMessage): Promise<void> {
      kept.unshift({ ...message, sentAt: clock() });
      kept.length = Math.min(kept.length, KEEP);
      logger.info(
        { mail: { kind: message.kind, to: message.to, subject: message.subject } },
        `dev outbox: ${message.subject}\n${message.text}`,
      );
    },
    messages: () => kept,
    close: () => {},
  };
}
