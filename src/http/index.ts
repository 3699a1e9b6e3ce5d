/** @module Framework-free HTTP string functions: cookies, safe redirects, login URLs, client addresses. */
export type { TrustProxy } from './client-address.js';
export { clientAddress, MAX_FORWARDED_ENTRIES } from './client-address.js';
export type { CookieAttributes } from './cookies.js';
export {
  MAX_COOKIE_HEADER_LENGTH,
  MAX_COOKIE_VALUE_LENGTH,
  parseCookieHeader,
  serializeCookie,
  serializeCookieDeletion,
} from './cookies.js';
export type { LegacyCookieKey } from './legacy-cookie.js';
export { decodeLegacyCookie, encodeLegacyCookie } from './legacy-cookie.js';
export type { LoginUrlOptions } from './login-url.js';
export { loginUrl } from './login-url.js';
export { MAX_NEXT_LENGTH, safeNext } from './safe-next.js';
