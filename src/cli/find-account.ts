/** @module Naming an account on the command line: by its email address or by its id. */
import { normalizeEmail } from '../accounts/forms.js';
import type { Account, AccountStore } from '../accounts/types.js';
import { CliError } from './cli-error.js';

/**
 * The account an argument names: an email (anything with an `@`, compared normalised) or an id;
 * a one-line failure when there is none.
 *
 * @example const account = await findAccount(accounts, 'Ada@Example.com');
 */
export async function findAccount(store: AccountStore, reference: string): Promise<Account> {
  const byEmail = reference.includes('@');
  const account = byEmail
    ? await store.byEmail(normalizeEmail(reference))
    : await store.byId(reference);
  if (account) return account;
  throw new CliError(
    byEmail
      ? `No account has the email ${normalizeEmail(reference)}.`
      : `No account has the id ${reference}.`,
  );
}
