/**
 * @module Cross-site request forgery tokens: a signed token bound to the session (or, for
 * anonymous visitors, to a random cookie), masked afresh on every render, plus the
 * `Origin` and `Sec-Fetch-Site` checks a browser gives for free.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RandomSource } from '../clock.js';
import { LatchkeyError } from '../errors.js';
import type { CookieAttributes } from '../http/cookies.js';
import type { RequestView } from './request-view.js';
import { generateSecret, isSecret } from './token.js';

/** The `csrf` option of a login manager. */
export interface CsrfOptions {
  /** Signs the tokens; at least 32 characters (or bytes). Every process must share it. */
  readonly secret: string | Uint8Array;
  /** Origins a form may be posted from, e.g. `['https://example.com']`; default the request URL's own. */
  readonly trustedOrigins?: readonly string[];
  /** Name of the anonymous visitor's binding cookie; default `csrf` (`__Host-csrf` over https). */
  readonly cookieName?: string;
}

/** The resolved `csrf` option. */
export interface ResolvedCsrf {
  readonly key: Uint8Array;
  readonly trustedOrigins: ReadonlySet<string> | null;
  readonly cookieName: string;
  readonly cookie: CookieAttributes;
}

/** Why a request failed the CSRF check. */
export type CsrfFailure = 'missing_token' | 'bad_token' | 'bad_origin' | 'cross_site';

/** The CSRF check's verdict. */
export type CsrfVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: CsrfFailure };

const MIN_SECRET_LENGTH = 32;
const DIGEST_BYTES = 32;
const MAX_TOKEN_LENGTH = 128;

/** Checks and freezes the `csrf` option; `namePrefix` is `__Host-` when the cookies carry it. */
export function resolveCsrf(
  options: CsrfOptions | undefined,
  cookie: CookieAttributes,
  namePrefix: string,
): ResolvedCsrf | null {
  if (!options) return null;
  const key =
    typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : options.secret;
  if (key.byteLength < MIN_SECRET_LENGTH) {
    throw new LatchkeyError(
      'config_invalid',
      `csrf.secret must be at least ${MIN_SECRET_LENGTH} characters long.`,
    );
  }
  const origins = options.trustedOrigins?.map((origin) => {
    const parsed = URL.parse(origin);
    if (!parsed || parsed.origin === 'null') {
      throw new LatchkeyError('config_invalid', `csrf.trustedOrigins has a bad origin: ${origin}`);
    }
    return parsed.origin;
  });
  return Object.freeze({
    key: Uint8Array.from(key),
    trustedOrigins: origins ? new Set(origins) : null,
    cookieName: namePrefix + (options.cookieName ?? 'csrf'),
    cookie,
  });
}

/**
 * A fresh rendering of the token for `binding`: a random pad and the pad XOR the signature,
 * so the page never repeats the same bytes (no BREACH-style guessing through compression).
 */
export function maskCsrfToken(csrf: ResolvedCsrf, binding: string, random: RandomSource): string {
  const signature = sign(csrf, binding);
  const pad = random(DIGEST_BYTES);
  const masked = Buffer.alloc(DIGEST_BYTES * 2);
  for (let i = 0; i < DIGEST_BYTES; i += 1) {
    masked[i] = pad[i] ?? 0;
    masked[DIGEST_BYTES + i] = (pad[i] ?? 0) ^ (signature[i] ?? 0);
  }
  return masked.toString('base64url');
}

/** Judges one unsafe request: the origin headers first, then the token against its binding. */
export function checkCsrf(
  csrf: ResolvedCsrf,
  request: RequestView,
  token: string | undefined,
  binding: string | null,
): CsrfVerdict {
  if (request.header('sec-fetch-site')?.toLowerCase() === 'cross-site') {
    return { ok: false, reason: 'cross_site' };
  }
  const origin = request.header('origin');
  if (origin !== null && !originTrusted(csrf, origin, request.url)) {
    return { ok: false, reason: 'bad_origin' };
  }
  if (!token) return { ok: false, reason: 'missing_token' };
  if (binding === null || !tokenMatches(csrf, token, binding)) {
    return { ok: false, reason: 'bad_token' };
  }
  return { ok: true };
}

/** Where a session keeps its CSRF secret, in its data. */
export const CSRF_SESSION_KEY = '_csrf';

/**
 * Session data with a CSRF secret added when the manager does CSRF and the data has none:
 * every new session gets one, and a session moved to a new id keeps its own.
 */
export function withCsrfSecret(
  csrf: ResolvedCsrf | null,
  data: Readonly<Record<string, unknown>>,
  random: RandomSource,
): Readonly<Record<string, unknown>> {
  if (!csrf || sessionCsrfSecret(data) !== null) return data;
  return { ...data, [CSRF_SESSION_KEY]: generateSecret(random) };
}

/** The CSRF secret in a session's data, or null when it has none (or a malformed one). */
export function sessionCsrfSecret(data: Readonly<Record<string, unknown>>): string | null {
  const value = data[CSRF_SESSION_KEY];
  return typeof value === 'string' && isSecret(value) ? value : null;
}

/** What the binding of one request's tokens is read from. */
export interface CsrfBindingSource {
  /**
   * The current session's data, null when there is no session. Its secret lives as long as
   * the login, across new session ids (reauthentication, password change), and ends with it.
   */
  readonly sessionData: Readonly<Record<string, unknown>> | null;
  /** Merges into the session's data (a session from before CSRF was turned on gets its secret). */
  readonly updateSessionData: (patch: Readonly<Record<string, unknown>>) => Promise<unknown>;
  /** Reads a cookie of this request (including one set earlier in it). */
  readonly cookie: (name: string) => string | undefined;
  /** Sets the anonymous binding cookie. */
  readonly setCookie: (name: string, value: string, attributes: CookieAttributes) => void;
}

/**
 * What a submitted token must be bound to, or null when the request holds no binding: the
 * session's secret when there is a session (so a token from another session or from before
 * login never matches), else the anonymous visitor's `csrf` cookie.
 */
export function existingCsrfBinding(csrf: ResolvedCsrf, source: CsrfBindingSource): string | null {
  if (source.sessionData !== null) {
    const secret = sessionCsrfSecret(source.sessionData);
    return secret === null ? null : `session:${secret}`;
  }
  const value = source.cookie(csrf.cookieName);
  return isSecret(value) ? `anonymous:${value}` : null;
}

/** The binding to sign a new token with, making the session secret or the cookie when missing. */
export async function ensureCsrfBinding(
  csrf: ResolvedCsrf,
  source: CsrfBindingSource,
  random: RandomSource,
): Promise<string> {
  const existing = existingCsrfBinding(csrf, source);
  if (existing !== null) return existing;
  const secret = generateSecret(random);
  if (source.sessionData !== null) {
    await source.updateSessionData({ [CSRF_SESSION_KEY]: secret });
    return `session:${secret}`;
  }
  source.setCookie(csrf.cookieName, secret, csrf.cookie);
  return `anonymous:${secret}`;
}

function originTrusted(csrf: ResolvedCsrf, origin: string, requestUrl: string): boolean {
  // `Origin: null` (sandboxed frames, some redirects) names no site, so it is never trusted.
  if (origin === 'null') return false;
  const parsed = URL.parse(origin);
  if (!parsed) return false;
  if (csrf.trustedOrigins) return csrf.trustedOrigins.has(parsed.origin);
  return parsed.origin === URL.parse(requestUrl)?.origin;
}

function tokenMatches(csrf: ResolvedCsrf, token: string, binding: string): boolean {
  if (token.length > MAX_TOKEN_LENGTH) return false;
  const masked = Buffer.from(token, 'base64url');
  if (masked.byteLength !== DIGEST_BYTES * 2) return false;
  const unmasked = Buffer.alloc(DIGEST_BYTES);
  for (let i = 0; i < DIGEST_BYTES; i += 1) {
    unmasked[i] = (masked[i] ?? 0) ^ (masked[DIGEST_BYTES + i] ?? 0);
  }
  return timingSafeEqual(unmasked, sign(csrf, binding));
}

function sign(csrf: ResolvedCsrf, binding: string): Buffer {
  return createHmac('sha256', csrf.key).update(`latchkey-csrf\0${binding}`).digest();
}
