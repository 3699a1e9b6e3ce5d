/** @module The account mails: a subject, a plain-text part and an HTML part (every value escaped). */
import { TWO_FACTOR_TEMPLATES } from './two-factor/mail-templates.js';
import type { MailKind, MailMessage } from './types.js';

/** What a mail's text may name. */
export interface MailDetails {
  /** The application's name, as in subjects. */
  readonly appName: string;
  /** The absolute link to follow, for the kinds that carry one. */
  readonly link?: string;
  /** How long the link works, e.g. `24 hours`. */
  readonly validFor?: string;
}

interface Template {
  readonly subject: (app: string) => string;
  /** Paragraphs before the link. */
  readonly before: (app: string) => readonly string[];
  /** Paragraphs after the link (`validFor` is filled in). */
  readonly after: (validFor: string) => readonly string[];
}

const TEMPLATES: Record<MailKind, Template> = {
  confirm: {
    subject: (app) => `Confirm your email address for ${app}`,
    before: (app) => [`Welcome to ${app}! Please confirm your email address by opening this link:`],
    after: (validFor) => [
      `The link works once and expires in ${validFor}.`,
      'If you did not create an account, you can ignore this email.',
    ],
  },
  'register-taken': {
    subject: (app) => `Someone tried to register with your address at ${app}`,
    before: (app) => [
      `Someone just tried to create a ${app} account with this email address, which already has one.`,
      'If that was you, log in with your password, or reset it if you have forgotten it.',
      'If it was not you, you can ignore this email: nothing has changed.',
    ],
    after: () => [],
  },
  reset: {
    subject: (app) => `Reset your ${app} password`,
    before: () => ['To choose a new password, open this link:'],
    after: (validFor) => [
      `The link works once and expires in ${validFor}.`,
      'If you did not ask for this, you can ignore this email: your password has not changed.',
    ],
  },
  'password-changed': {
    subject: (app) => `Your ${app} password was changed`,
    before: (app) => [
      `The password of your ${app} account was just changed, and its other sessions were logged out.`,
      'If you did not do this, reset your password at once.',
    ],
    after: () => [],
  },
  'email-change': {
    subject: (app) => `Confirm your new email address for ${app}`,
    before: (app) => [`To make this the email address of your ${app} account, open this link:`],
    after: (validFor) => [
      `The link works once and expires in ${validFor}.`,
      'If you did not ask for this, you can ignore this email.',
    ],
  },
  'email-changed': {
    subject: (app) => `Your ${app} email address was changed`,
    before: (app) => [
      `The email address of your ${app} account was just changed, and mail no longer comes here.`,
      'If you did not do this, contact us at once.',
    ],
    after: () => [],
  },
  ...TWO_FACTOR_TEMPLATES,
};

/**
 * Composes one mail with matching text and HTML parts.
 *
 * @example composeMail('reset', 'a@example.com', { appName: 'Latchkey', link, validFor: '1 hour' })
 */
export function composeMail(kind: MailKind, to: string, details: MailDetails): MailMessage {
  const template = TEMPLATES[kind];
  const before = template.before(details.appName);
  const after = template.after(details.validFor ?? '');
  const link = details.link;
  const text = [...before, ...(link ? [link] : []), ...after].join('\n\n');
  const html = [
    ...before.map(paragraph),
    ...(link ? [`<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`] : []),
    ...after.map(paragraph),
  ].join('\n');
  return { kind, to, subject: template.subject(details.appName), text: `${text}\n`, html };
}

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Says a length of time the way a mail does: `24 hours`, `1 hour`, `30 minutes`.
 *
 * @example describeDuration(3_600_000) // '1 hour'
 */
export function describeDuration(ms: number): string {
  const units = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ] as const;
  for (const [name, size] of units) {
    // Whole days read worse than hours below two days: "24 hours", not "1 day".
    if (name === 'day' && ms < 2 * size) continue;
    if (ms >= size && ms % size === 0) return plural(ms / size, name);
  }
  return ms >= 60_000
    ? plural(Math.round(ms / 60_000), 'minute')
    : plural(Math.ceil(ms / 1000), 'second');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}
