/** @module Mail over SMTP with nodemailer, for SMTP_URL. */
import nodemailer from 'nodemailer';
import type { Mailer, MailMessage } from '../../src/accounts/index.js';

/** A mailer that can also be closed at shutdown. */
export interface ClosableMailer extends Mailer {
  close(): void;
}

/**
 * Sends every message over SMTP (text and HTML parts) from `from`.
 *
 * @example const mailer = createSmtpMailer('smtp://127.0.0.1:2525', 'no-reply@example.com');
 */
export function createSmtpMailer(smtpUrl: string, from: string): ClosableMailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message: MailMessage): Promise<void> {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
    close: () => transport.close(),
  };
}
