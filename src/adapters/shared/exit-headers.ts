/** @module The headers a response gains from the request's auth changes: each `Set-Cookie`, and `no-store`. */
import type { RequestAuth } from '../../core/request-auth.js';

/** What an adapter adds to a response as it leaves. */
export interface ExitHeaders {
  /** One value per cookie, appended after any the app set itself. */
  readonly setCookie: readonly string[];
  /** Replaces the app's own value: a cookie-setting response must never be cached. */
  readonly cacheControl: 'no-store';
}

/**
 * Renders this request's cookies (once: later calls give null); null when nothing changed.
 *
 * @example
 * const headers = exitHeaders(auth);
 * if (headers) for (const line of headers.setCookie) response.headers.append('Set-Cookie', line);
 */
export function exitHeaders<U>(auth: RequestAuth<U>): ExitHeaders | null {
  const setCookie = auth.setCookieHeaders();
  // A shared cache that stored this answer would hand one visitor's session to the next.
  return setCookie.length === 0 ? null : { setCookie, cacheControl: 'no-store' };
}
