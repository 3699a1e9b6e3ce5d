/** @module Listing accounts page by page, for operators: filters, a total and a stable order. */
import type { Kysely } from 'kysely';
import type { Account } from '../types.js';
import { toAccount } from './account-store.js';
import {
  type AccountsDatabase,
  accountsTableNames,
  type SqlAccountStoreOptions,
} from './schema.js';

/** Which accounts to list, and which page of them. */
export interface AccountListQuery {
  /** Part of the email or username, ignoring case. */
  readonly search?: string;
  readonly disabled?: boolean;
  readonly confirmed?: boolean;
  readonly limit: number;
  readonly offset: number;
}

/** One page of accounts, ordered by email, and how many match in all. */
export interface AccountPage {
  readonly accounts: readonly Account[];
  readonly total: number;
}

/**
 * Lists the accounts that match, by email; a search matches anywhere in the email or username.
 *
 * @example const page = await listSqlAccounts(db, { search: 'example.com', limit: 50, offset: 0 });
 */
export async function listSqlAccounts<DB>(
  db: Kysely<DB>,
  query: AccountListQuery,
  options: SqlAccountStoreOptions = {},
): Promise<AccountPage> {
  // Loaded here, so that importing the accounts entry never loads Kysely.
  const { sql } = await import('kysely');
  const typed = db as unknown as Kysely<AccountsDatabase>;
  const table = accountsTableNames(options.tablePrefix).users;
  let filtered = typed.selectFrom(table);
  if (query.search !== undefined && query.search !== '') {
    // Both columns are stored lower-cased; LIKE's own wildcards in the search are taken literally.
    const pattern = `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filtered = filtered.where((eb) =>
      eb.or([
        sql<boolean>`${eb.ref('email')} like ${pattern} escape '\\'`,
        sql<boolean>`${eb.ref('username_key')} like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (query.disabled !== undefined)
    filtered = filtered.where('disabled', '=', query.disabled ? 1 : 0);
  if (query.confirmed !== undefined) {
    filtered = filtered.where('confirmed', '=', query.confirmed ? 1 : 0);
  }
  const [rows, count] = await Promise.all([
    filtered.selectAll().orderBy('email').limit(query.limit).offset(query.offset).execute(),
    filtered.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
  ]);
  return { accounts: rows.map(toAccount), total: Number(count?.n ?? 0) };
}
