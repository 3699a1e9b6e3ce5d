/** @module The login redirect URL carrying a `next` parameter, as Flask-Login's `login_url` builds it. */
import { LatchkeyError } from '../errors.js';

/** How `loginUrl` names the parameter and decides how much of `next` to keep. */
export interface LoginUrlOptions {
  /** The query parameter carrying the return path; `next` unless set. */
  nextField?: string;
  /** The origin of the request being redirected, such as `https://app.test`. */
  requestOrigin?: string;
  /** A host that replaces the login view's host, so a forged Host header never chooses it. */
  forceHost?: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const AUTHORITY = /^((?:[a-z][a-z0-9+.-]*:)?\/\/)[^/?#]*/i;
const ABSOLUTE_HTTP = /^https?:\/\//i;
const PLACEHOLDER_ORIGIN = 'http://localhost.invalid';
const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * Appends the `next` parameter to the login view URL, keeping only the path when the view is on the same site.
 *
 * @example
 * loginUrl('/login?lang=en', '/secret'); // '/login?lang=en&next=%2Fsecret'
 * loginUrl('https://sso.test/login', '/secret', { requestOrigin: 'http://app.test' });
 * // 'https://sso.test/login?next=http%3A%2F%2Fapp.test%2Fsecret'
 */
export function loginUrl(
  loginView: string,
  next: string | null,
  options: LoginUrlOptions = {},
): string {
  if (next === null) return loginView;
  const nextField = options.nextField ?? 'next';
  if (nextField === '') throw new LatchkeyError('config_invalid', 'nextField must not be empty.');
  const target = describeNext(next, originOf(options.requestOrigin));
  const viewOrigin = isRelative(loginView) ? null : originOf(loginView, target.origin);
  const keepPathOnly = viewOrigin === null || viewOrigin === target.origin;
  const nextValue =
    keepPathOnly || target.origin === null ? target.path : target.origin + target.path;
  const base = options.forceHost === undefined ? loginView : withHost(loginView, options.forceHost);
  return withParameter(base, nextField, nextValue);
}

interface NextTarget {
  /** Path and query, without the fragment a browser never sends. */
  path: string;
  origin: string | null;
}

function describeNext(next: string, requestOrigin: string | null): NextTarget {
  if (ABSOLUTE_HTTP.test(next)) {
    const url = tryUrl(next);
    if (url !== null) return { path: `${url.pathname}${url.search}`, origin: url.origin };
  }
  const hash = next.indexOf('#');
  return { path: hash === -1 ? next : next.slice(0, hash), origin: requestOrigin };
}

function isRelative(loginView: string): boolean {
  return !SCHEME.test(loginView) && !loginView.startsWith('//');
}

function originOf(url: string | undefined, base?: string | null): string | null {
  if (url === undefined) return null;
  const origin = tryUrl(url, base ?? PLACEHOLDER_ORIGIN)?.origin;
  return origin === undefined || origin === 'null' ? null : origin;
}

function tryUrl(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

function withHost(loginView: string, forceHost: string): string {
  const parsed = tryUrl(`http://${forceHost}`);
  if (forceHost === '' || parsed === null || parsed.host !== forceHost.toLowerCase()) {
    throw new LatchkeyError('config_invalid', `forceHost must be a bare host, got ${forceHost}.`);
  }
  if (AUTHORITY.test(loginView)) return loginView.replace(AUTHORITY, `$1${forceHost}`);
  if (SCHEME.test(loginView)) return loginView;
  return `//${forceHost}${loginView.startsWith('/') ? '' : '/'}${loginView}`;
}

function withParameter(url: string, field: string, value: string): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
  // An existing parameter of the same name is replaced, as Flask-Login does.
  const kept = query.split('&').filter((pair) => pair !== '' && parameterName(pair) !== field);
  kept.push(`${encode(field)}=${encode(value)}`);
  return `${path}?${kept.join('&')}${hash}`;
}

function parameterName(pair: string): string {
  const name = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

function encode(value: string): string {
  // encodeURIComponent throws on a lone surrogate; the replacement character is what a browser would send.
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
}
