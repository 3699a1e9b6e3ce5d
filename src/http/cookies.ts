/** @module Cookie header parsing and Set-Cookie rendering that a forged header can never break. */
import { parse, serialize } from 'cookie';
import { LatchkeyError } from '../errors.js';

/** Only this much of a Cookie header is read; browsers send far less. */
export const MAX_COOKIE_HEADER_LENGTH = 16_384;

/** A value longer than this is dropped rather than decoded. */
export const MAX_COOKIE_VALUE_LENGTH = 4_096;

/** The attributes a Set-Cookie value may carry. */
export interface CookieAttributes {
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  /** Lifetime in seconds; fractions are rounded down. */
  maxAge?: number;
  expires?: Date;
  partitioned?: boolean;
}

const EPOCH = new Date(0);

const SAME_SITE = { Strict: 'strict', Lax: 'lax', None: 'none' } as const;

/**
 * Parses a Cookie header into a Map, the first occurrence of a name winning, without ever throwing.
 *
 * @example
 * parseCookieHeader('sid=abc; theme=dark').get('sid'); // 'abc'
 */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (typeof header !== 'string' || header.length === 0) return cookies;
  // The raw value is kept so a length check and a failed decode both see the bytes sent.
  const raw = parse(truncateHeader(header), { decode: (value) => value });
  // `parse` returns an object without Object.prototype, so `__proto__` is an ordinary key here.
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (name === '' || value === undefined || value.length > MAX_COOKIE_VALUE_LENGTH) continue;
    cookies.set(name, decodeValue(unquote(value)));
  }
  return cookies;
}

/**
 * Renders one Set-Cookie value; misuse (an invalid name, path or domain) throws `config_invalid`.
 *
 * @example
 * serializeCookie('sid', token, { path: '/', httpOnly: true, secure: true, sameSite: 'Lax' });
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  checkAttributes(name, attributes);
  const { maxAge } = attributes;
  if (maxAge !== undefined && !Number.isFinite(maxAge)) {
    throw new LatchkeyError('invalid_duration', `Cookie ${name}: maxAge must be a finite number.`);
  }
  try {
    return serialize(name, value, {
      path: attributes.path,
      domain: attributes.domain,
      secure: attributes.secure,
      httpOnly: attributes.httpOnly,
      sameSite: attributes.sameSite === undefined ? undefined : SAME_SITE[attributes.sameSite],
      maxAge: maxAge === undefined ? undefined : Math.floor(maxAge),
      expires: attributes.expires,
      partitioned: attributes.partitioned,
    });
  } catch (error) {
    throw new LatchkeyError('config_invalid', `Cookie ${name} cannot be serialised.`, {
      cause: error,
    });
  }
}

/**
 * Renders a Set-Cookie value that expires a cookie set with the same attributes.
 *
 * @example
 * serializeCookieDeletion('sid', { path: '/', httpOnly: true, secure: true, sameSite: 'Lax' });
 */
export function serializeCookieDeletion(name: string, attributes: CookieAttributes): string {
  // A browser only replaces a cookie whose name, path and domain match, so they are kept.
  return serializeCookie(name, '', { ...attributes, maxAge: 0, expires: EPOCH });
}

function truncateHeader(header: string): string {
  if (header.length <= MAX_COOKIE_HEADER_LENGTH) return header;
  const head = header.slice(0, MAX_COOKIE_HEADER_LENGTH);
  // The pair cut in half would otherwise arrive as a shortened value.
  return head.slice(0, Math.max(0, head.lastIndexOf(';')));
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}

function decodeValue(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function checkAttributes(name: string, attributes: CookieAttributes): void {
  const problem = attributeProblem(name, attributes);
  if (problem !== null) throw new LatchkeyError('config_invalid', `Cookie ${name}: ${problem}.`);
}

// Browsers silently drop cookies with these combinations, which would look like a lost login.
function attributeProblem(name: string, attributes: CookieAttributes): string | null {
  const { secure, path, domain } = attributes;
  if (attributes.sameSite === 'None' && !secure) return 'SameSite=None requires Secure';
  if (attributes.partitioned && !secure) return 'Partitioned requires Secure';
  if (name.startsWith('__Secure-') && !secure) return 'the __Secure- prefix requires Secure';
  if (name.startsWith('__Host-') && (!secure || path !== '/' || domain !== undefined)) {
    return 'the __Host- prefix requires Secure, Path=/ and no Domain';
  }
  return null;
}
