/**
 * @module Questions tests ask of answers and browsers: where a redirect goes, whether a
 * browser is logged in, and the app's cookie names.
 */
import type { Browser, Reply } from './browser.js';

/** The cookie names of an app served over http (an https PUBLIC_URL adds `__Host-`). */
export const SESSION_COOKIE = 'session';
export const REMEMBER_COOKIE = 'remember_token';

/** Statuses the contract allows for a redirect after a POST. */
export const REDIRECTS = [302, 303];

/** The path and query a redirect points to (an absolute `Location` loses its origin). */
export function locationPath(reply: Reply): string | null {
  if (reply.location === null) return null;
  if (reply.location.startsWith('/')) return reply.location;
  const url = new URL(reply.location);
  return `${url.pathname}${url.search}`;
}

/** The `next` parameter of a redirect, decoded. */
export function nextOf(reply: Reply): string | null {
  const path = locationPath(reply);
  if (path === null) return null;
  return new URL(path, 'http://x').searchParams.get('next');
}

/** Whether the browser is logged in, judged by `/profile` (200 in, 302 to the login page out). */
export async function isLoggedIn(browser: Browser): Promise<boolean> {
  const reply = await browser.get('/profile');
  if (reply.status === 200) return true;
  if (reply.status === 302 && locationPath(reply)?.startsWith('/auth/login')) return false;
  throw new Error(`/profile answered ${reply.status} ${reply.location ?? ''}`);
}

/** The JSON body of an answer, or the text when it is not JSON. */
export function jsonOf(reply: Reply): unknown {
  try {
    return JSON.parse(reply.text);
  } catch {
    return reply.text;
  }
}

/** Headers of a JSON client. */
export const JSON_CLIENT = { accept: 'application/json' } as const;
