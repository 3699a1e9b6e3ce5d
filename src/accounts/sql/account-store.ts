/** @module Accounts in SQL through Kysely (SQLite and PostgreSQL), uniqueness kept by the database. */
import type { Kysely, Selectable } from 'kysely';
import { LatchkeyError } from '../../errors.js';
import type { Account, AccountPatch, AccountQuery, AccountStore, NewAccount } from '../types.js';
import { registerSqlHome } from './home.js';
import {
  type AccountsDatabase,
  type AccountsUsersTable,
  accountsTableNames,
  type SqlAccountStoreOptions,
} from './schema.js';

/**
 * Creates an {@link AccountStore} on the `users` table of a database that `migrateAccounts`
 * brought up to date. A registration is one `INSERT … ON CONFLICT DO NOTHING`, so concurrent
 * registrations of one address make exactly one account and none of them throws.
 *
 * @example
 * const db = openSqliteDatabase('data/app.db');
 * await migrateAccounts(db);
 * const store = createSqlAccountStore(db);
 */
export function createSqlAccountStore<DB>(
  db: Kysely<DB>,
  options: SqlAccountStoreOptions = {},
): AccountStore {
  const store = new SqlAccountStore(db as unknown as Kysely<AccountsDatabase>, options);
  return registerSqlHome(
    store,
    db as unknown as Kysely<unknown>,
    (trx) => new SqlAccountStore(trx as unknown as Kysely<AccountsDatabase>, options),
  );
}

class SqlAccountStore implements AccountStore {
  readonly #db: Kysely<AccountsDatabase>;
  readonly #table: 'users';

  constructor(db: Kysely<AccountsDatabase>, options: SqlAccountStoreOptions) {
    this.#db = db;
    this.#table = accountsTableNames(options.tablePrefix).users;
  }

  async create(account: NewAccount): Promise<Account | 'email_taken' | 'username_taken'> {
    const usernameKey = account.username.toLowerCase();
    const row = await this.#db
      .insertInto(this.#table)
      .values({
        id: account.id,
        email: account.email,
        username: account.username,
        username_key: usernameKey,
        password_hash: account.passwordHash,
        confirmed: 0,
        disabled: 0,
        created_at: account.createdAt,
        password_changed_at: account.createdAt,
        role: account.role ?? 'user',
      })
      .onConflict((conflict) => conflict.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row !== undefined) return toAccount(row);
    // Nothing inserted: the winning row is committed by now, so it can be read to tell which
    // field clashed. The email comes first, so that a taken address is never hidden.
    if (await this.byEmail(account.email)) return 'email_taken';
    const holder = await this.#db
      .selectFrom(this.#table)
      .select('id')
      .where('username_key', '=', usernameKey)
      .executeTakeFirst();
    if (holder) return 'username_taken';
    throw new LatchkeyError('store_failure', 'An account with this id already exists.');
  }

  async byId(id: string): Promise<Account | null> {
    const row = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : toAccount(row);
  }

  async byEmail(email: string): Promise<Account | null> {
    const row = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirst();
    return row === undefined ? null : toAccount(row);
  }

  async update(id: string, patch: AccountPatch): Promise<Account | 'email_taken' | null> {
    const values = toColumns(patch);
    if (Object.keys(values).length === 0) return this.byId(id);
    try {
      const row = await this.#db
        .updateTable(this.#table)
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toAccount(row);
    } catch (error) {
      // Only `email` can clash on an update; the database says so atomically.
      if (patch.email !== undefined && isUniqueViolation(error)) return 'email_taken';
      throw error;
    }
  }

  async find({ text = '', limit, offset = 0 }: AccountQuery): Promise<Account[]> {
    // Loaded here, so that importing the accounts entry never needs Kysely installed.
    const { sql } = await import('kysely');
    const pattern = `%${escapeLike(text.trim().toLowerCase())}%`;
    const rows = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('email', 'like', sql<string>`${pattern} escape '\\'`),
          eb('username_key', 'like', sql<string>`${pattern} escape '\\'`),
        ]),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toAccount);
  }
}

/** LIKE treats `%` and `_` as wildcards: escaped, they match only themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** True for a unique-constraint error from PostgreSQL (`23505`) or better-sqlite3. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toColumns(patch: AccountPatch) {
  const values: {
    email?: string;
    password_hash?: string;
    confirmed?: number;
    disabled?: number;
    password_changed_at?: number;
    role?: string;
    last_login_at?: number | null;
  } = {};
  if (patch.email !== undefined) values.email = patch.email;
  if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
  if (patch.confirmed !== undefined) values.confirmed = patch.confirmed ? 1 : 0;
  if (patch.disabled !== undefined) values.disabled = patch.disabled ? 1 : 0;
  if (patch.passwordChangedAt !== undefined) values.password_changed_at = patch.passwordChangedAt;
  if (patch.role !== undefined) values.role = patch.role;
  if (patch.lastLoginAt !== undefined) values.last_login_at = patch.lastLoginAt;
  return values;
}

/** The account a `users` row holds (flags and times read back the same on both databases). */
export function toAccount(row: Selectable<AccountsUsersTable>): Account {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    passwordHash: row.password_hash,
    confirmed: Number(row.confirmed) === 1,
    disabled: Number(row.disabled) === 1,
    createdAt: Number(row.created_at),
    passwordChangedAt: Number(row.password_changed_at),
    role: row.role === 'admin' ? 'admin' : 'user',
    lastLoginAt: row.last_login_at === null ? null : Number(row.last_login_at),
  };
}
