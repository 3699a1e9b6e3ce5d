/**
 * @module Questions tests ask of answers, browsers and the app's database: where a redirect
 * goes, whether an answer is a client error, whether a browser (or a replayed cookie) is
 * logged in, the value of a kept cookie, how many accounts hold an address, the cookie names.
 */
import { expect } from 'vitest';
import { type Browser, pathOf, type Reply } from './browser.js';
import type { TestApp } from './test-app.js';

/** The cookie names of an app served over http (an https PUBLIC_URL adds `__Host-`). */
export const SESSION_COOKIE = 'session';
export const REMEMBER_COOKIE = 'remember_token';

/** The path and query a redirect points to (an absolute `Location` loses its origin). */
export function locationPath(reply: Reply): string | null {
  return reply.location === null ? null : pathOf(reply.location);
}

/** The `next` parameter of a redirect, decoded. */
export function nextOf(reply: Reply): string | null {
  const path = locationPath(reply);
  if (path === null) return null;
  return new URL(path, 'http://x').searchParams.get('next');
}

/** Asserts a 4xx answer: refused as the client's fault, never a 5xx and never a success. */
export function expectClientError(reply: { readonly status: number }, what?: string): void {
  expect(reply.status, what).toBeGreaterThanOrEqual(400);
  expect(reply.status, what).toBeLessThan(500);
}

/** Whether the browser is logged in, judged by `/profile` (200 in, 302 to the login page out). */
export async function isLoggedIn(browser: Browser): Promise<boolean> {
  const reply = await browser.get('/profile');
  if (reply.status === 200) return true;
  if (reply.status === 302 && locationPath(reply)?.startsWith('/auth/login')) return false;
  throw new Error(`/profile answered ${reply.status} ${reply.location ?? ''}`);
}

/** Whether a new browser holding only this one cookie (a copied or replayed value) is logged in. */
export async function loggedInWith(
  app: TestApp,
  name: string,
  value: string,
  persistent = false,
): Promise<boolean> {
  const browser = app.browser();
  browser.setCookie(name, value, persistent);
  return isLoggedIn(browser);
}

/** The value of a cookie the browser keeps; throws when it has none, so a replay is never empty. */
export function cookieValue(browser: Browser, name: string): string {
  const value = browser.cookie(name)?.value;
  if (!value) throw new Error(`the browser keeps no ${name} cookie`);
  return value;
}

/** How many accounts hold this email or username, ignoring case. */
export function countAccounts(app: TestApp, field: 'email' | 'username', value: string): number {
  const row = app.sql((db) =>
    db.prepare(`SELECT COUNT(*) AS n FROM users WHERE lower(${field}) = lower(?)`).get(value),
  ) as { n: number };
  return row.n;
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
