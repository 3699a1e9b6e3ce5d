/** @module Passkeys in SQL through Kysely (SQLite and PostgreSQL). */
import type { Kysely, Selectable } from 'kysely';
import type { PasskeyRecord, PasskeyStore } from '../two-factor/store-types.js';
import { registerSqlHome } from './home.js';
import type { SqlAccountStoreOptions } from './schema.js';
import {
  type PasskeysTable,
  type TwoFactorDatabase,
  twoFactorTableNames,
} from './two-factor-schema.js';

/**
 * A {@link PasskeyStore} on the `passkeys` table `migrateAccounts` creates: the unique
 * credential id refuses a second registration, and a sign-in's counter moves by
 * compare-and-set, so a replayed assertion racing the real one loses.
 *
 * @example const passkeys = createSqlPasskeyStore(db);
 */
export function createSqlPasskeyStore<DB>(
  db: Kysely<DB>,
  options: SqlAccountStoreOptions = {},
): PasskeyStore {
  const table = twoFactorTableNames(options.tablePrefix).passkeys;
  const on = (kysely: Kysely<unknown>) =>
    passkeyStoreOn(kysely as Kysely<TwoFactorDatabase>, table);
  const kysely = db as unknown as Kysely<unknown>;
  return registerSqlHome(on(kysely), kysely, on);
}

function passkeyStoreOn(kysely: Kysely<TwoFactorDatabase>, table: 'passkeys'): PasskeyStore {
  const select = () => kysely.selectFrom(table).selectAll();

  return {
    async add(passkey) {
      const row = await kysely
        .insertInto(table)
        .values({
          id: passkey.id,
          account_id: passkey.accountId,
          credential_id: passkey.credentialId,
          public_key: passkey.publicKey,
          counter: passkey.counter,
          transports: JSON.stringify(passkey.transports),
          name: passkey.name,
          created_at: passkey.createdAt,
          last_used_at: passkey.lastUsedAt,
          backed_up: passkey.backedUp ? 1 : 0,
        })
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst();
      return row === undefined ? 'duplicate' : 'added';
    },
    async list(accountId) {
      const rows = await select()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toPasskey);
    },
    async byCredentialId(credentialId) {
      const row = await select().where('credential_id', '=', credentialId).executeTakeFirst();
      return row === undefined ? null : toPasskey(row);
    },
    async recordUse(id, expectedCounter, counter, usedAt) {
      const result = await kysely
        .updateTable(table)
        .set({ counter, last_used_at: usedAt })
        .where('id', '=', id)
        .where('counter', '=', expectedCounter)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(accountId, id) {
      const result = await kysely
        .deleteFrom(table)
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

function toPasskey(row: Selectable<PasskeysTable>): PasskeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    credentialId: row.credential_id,
    publicKey: row.public_key,
    counter: Number(row.counter),
    transports: parseTransports(row.transports),
    name: row.name,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    backedUp: Number(row.backed_up) === 1,
  };
}

function parseTransports(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
