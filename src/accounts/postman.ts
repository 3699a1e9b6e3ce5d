/**
 * @module Sending account mail in the background, with absolute links built from the
 * configured public URL (never from a request), so response times never depend on the mailer.
 */
import { LatchkeyError } from '../errors.js';
import { composeMail, describeDuration } from './mail-templates.js';
import type { Mailer, MailKind, MailMessage } from './types.js';

/** The kinds of mail that carry a link, and where each link points. */
export type LinkKind = 'confirm' | 'reset' | 'email-change';

/** Sends account mail without making the caller wait. */
export interface Postman {
  /** Sends a notice (no link). */
  notice(kind: Exclude<MailKind, LinkKind>, to: string): void;
  /** Sends a link mail for `token`. */
  link(kind: LinkKind, to: string, token: string): void;
}

/** What the postman needs; every field resolved. */
export interface PostmanOptions {
  readonly mailer: Mailer;
  readonly publicUrl: string;
  readonly appName: string;
  /** Path prefixes each token is appended to. */
  readonly prefixes: Readonly<Record<LinkKind, string>>;
  /** How long each kind's link works, in milliseconds. */
  readonly lifetimesMs: Readonly<Record<LinkKind, number>>;
  readonly onMailError: (error: unknown, message: MailMessage) => void;
}

/**
 * Creates the postman; throws `config_invalid` unless `publicUrl` is an absolute http(s) URL.
 *
 * @example postman.link('reset', account.email, token);
 */
export function createPostman(options: PostmanOptions): Postman {
  const base = checkPublicUrl(options.publicUrl);
  const send = (message: MailMessage) => {
    // Deliberately not awaited: a slow or failing mailer must not show in the answer.
    try {
      options.mailer.send(message).catch((error: unknown) => options.onMailError(error, message));
    } catch (error) {
      options.onMailError(error, message);
    }
  };
  return {
    notice(kind, to) {
      send(composeMail(kind, to, { appName: options.appName }));
    },
    link(kind, to, token) {
      const link = `${base}${options.prefixes[kind]}${token}`;
      const validFor = describeDuration(options.lifetimesMs[kind]);
      send(composeMail(kind, to, { appName: options.appName, link, validFor }));
    },
  };
}

/** The public URL without a trailing slash; links append paths that start with one. */
function checkPublicUrl(value: string): string {
  const url = typeof value === 'string' ? URL.parse(value) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new LatchkeyError(
      'config_invalid',
      `publicUrl must be an absolute http(s) URL like https://example.com, got ${JSON.stringify(value)}`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
