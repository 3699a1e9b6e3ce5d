/**
 * @module Headers on every answer: a strict CSP (no inline code), no framing, no sniffing, a
 * referrer policy (none at all on token links) and no caching of anything but static files.
 */
import type { MiddlewareHandler } from 'hono';

const CSP = [
  "default-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Emailed links carry their token in the path: never let it leave in a Referer. */
const TOKEN_LINK = /^\/auth\/(confirm|reset|change-email)\/[^/]+\/?$/;
const STATIC = /^\/(static\/|favicon\.ico$)/;

/** A year, for every subdomain too (ASVS 3.4.1 at level 2). */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Sets the headers once the answer is ready (so they cover error pages and redirects too);
 * with `hsts` (the app is served over https) also Strict-Transport-Security.
 *
 * @example app.use(securityHeaders({ hsts: publicUrl.startsWith('https:') }));
 */
export function securityHeaders(options: { readonly hsts?: boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Every answer here is built by Hono's context, so its headers can be set in place (as
    // Hono's own secureHeaders does).
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    if (options.hsts) headers.set('Strict-Transport-Security', HSTS);
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Referrer-Policy', TOKEN_LINK.test(c.req.path) ? 'no-referrer' : 'same-origin');
    const cacheable = STATIC.test(c.req.path) && c.res.ok && !headers.has('Set-Cookie');
    // Pages carry CSRF tokens and personal data: only static files may be kept by caches.
    headers.set('Cache-Control', cacheable ? 'public, max-age=86400' : 'no-store');
  };
}
