/** @module Typed access to the request's auth state: the app has one manager, of accounts. */
import type { Context } from 'hono';
import type { Account } from '../../src/accounts/index.js';
import type { RequestAuth } from '../../src/index.js';
import '../../src/adapters/hono.js';

/**
 * This request's auth state, typed for accounts (the app registers no global user type, so
 * that the library's own tests keep theirs).
 *
 * @example const user = await authOf(c).currentUser();
 */
export function authOf(c: Context): RequestAuth<Account> {
  return c.get('auth') as RequestAuth<Account>;
}

/**
 * The logged-in account behind `loginRequired` / `freshLoginRequired`.
 *
 * @example const account = accountOf(c);
 */
export function accountOf(c: Context): Account {
  return c.get('user') as Account;
}
