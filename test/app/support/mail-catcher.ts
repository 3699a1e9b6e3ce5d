/**
 * @module A real SMTP server in the test process that keeps every message the app sends,
 * so tests can wait for a mail and follow its link.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail } from './mime.js';

/** The link-bearing kinds, told apart by their path; `notice` is a mail with no token link. */
export type CaughtKind = 'confirm' | 'reset' | 'email-change' | 'notice';

/** One caught message. */
export interface CaughtMail {
  /** Envelope recipients, lower-cased. */
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly partTypes: readonly string[];
  readonly raw: string;
  /** The first token link (`/auth/confirm/…`, `/auth/reset/…`, `/auth/change-email/…`), if any. */
  readonly tokenLink: string | null;
  readonly kind: CaughtKind;
}

/** What {@link MailCatcher.waitForMail} looks for. */
export interface MailQuery {
  readonly to: string;
  readonly kind?: CaughtKind;
  /** Matched against the subject and the text part. */
  readonly about?: RegExp;
  readonly timeoutMs?: number;
}

/** The running catcher. */
export interface MailCatcher {
  readonly port: number;
  /**
   * Waits for the oldest message matching `query` that no earlier call took, and takes it
   * (mail leaves the app in the background, so it may come after the response).
   */
  waitForMail(query: MailQuery): Promise<CaughtMail>;
  /** Messages to `to` (optionally of one kind) received so far, taken or not. */
  mailsTo(to: string, kind?: CaughtKind): CaughtMail[];
  /** Resolves once no SMTP connection is open and none was for `quietMs`. */
  quiet(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

const TOKEN_PATHS: readonly [CaughtKind, RegExp][] = [
  ['confirm', /\/auth\/confirm\/[^/?#\s]+$/],
  ['reset', /\/auth\/reset\/[^/?#\s]+$/],
  ['email-change', /\/auth\/change-email\/[^/?#\s]+$/],
];

/** Starts an SMTP server on 127.0.0.1, port chosen by the OS, accepting mail without auth. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const taken = new Set<CaughtMail>();
  const waiters = new Set<() => void>();
  let open = 0;
  let lastActivity = Date.now();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      open += 1;
      lastActivity = Date.now();
      callback();
    },
    onClose() {
      open -= 1;
      lastActivity = Date.now();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((address) => address.address.toLowerCase());
        messages.push(caught(raw, from, to));
        lastActivity = Date.now();
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  // A sender killed mid-message resets its connection; that ends the message, not the catcher.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  const matches = (mail: CaughtMail, query: MailQuery) =>
    mail.to.includes(query.to.toLowerCase()) &&
    (query.kind === undefined || mail.kind === query.kind) &&
    (query.about === undefined || query.about.test(`${mail.subject}\n${mail.text}`));

  return {
    port,
    waitForMail(query) {
      const timeoutMs = query.timeoutMs ?? 5_000;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find((mail) => !taken.has(mail) && matches(mail, query));
          if (!found) return;
          taken.add(found);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `${m.to.join(',')} ${m.kind} "${m.subject}"`);
          reject(
            new Error(
              `no mail ${JSON.stringify({ ...query, about: query.about?.source })} within ${timeoutMs} ms; seen: ${seen.join(' | ') || 'none'}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    mailsTo(to, kind) {
      return messages.filter((mail) => matches(mail, { to, ...(kind ? { kind } : {}) }));
    },
    async quiet(quietMs = 250) {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (open === 0 && Date.now() - lastActivity >= quietMs) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the SMTP server never went quiet');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function caught(raw: string, from: string, to: string[]): CaughtMail {
  const parsed = parseMail(raw);
  const links = [...parsed.text.matchAll(/https?:\/\/[^\s<>"']+/g)].map((match) =>
    match[0].replace(/[.,;:!?)\]]+$/, ''),
  );
  let tokenLink: string | null = null;
  let kind: CaughtKind = 'notice';
  for (const link of links) {
    const path = new URL(link).pathname;
    const found = TOKEN_PATHS.find(([, pattern]) => pattern.test(path));
    if (found) {
      tokenLink = link;
      kind = found[0];
      break;
    }
  }
  return {
    to,
    from,
    subject: parsed.subject,
    text: parsed.text,
    html: parsed.html,
    partTypes: parsed.partTypes,
    raw,
    tokenLink,
    kind,
  };
}
