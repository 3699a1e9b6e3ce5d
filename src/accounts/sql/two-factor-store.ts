/** @module TOTP secrets and recovery codes in SQL through Kysely (SQLite and PostgreSQL). */
import type { Kysely, Selectable } from 'kysely';
import type { TotpRecord, TwoFactorStore } from '../two-factor/store-types.js';
import { inTransaction, registerSqlHome } from './home.js';
import type { SqlAccountStoreOptions } from './schema.js';
import {
  type TwoFactorDatabase,
  type TwoFactorTableNames,
  type TwoFactorTotpTable,
  twoFactorTableNames,
} from './two-factor-schema.js';

/**
 * A {@link TwoFactorStore} on the tables `migrateAccounts` creates. A code's step is taken by
 * one `UPDATE … WHERE last_step < step` and a recovery code by one `DELETE`, so two processes
 * racing with the same code see exactly one success.
 *
 * @example const twoFactor = createSqlTwoFactorStore(db);
 */
export function createSqlTwoFactorStore<DB>(
  db: Kysely<DB>,
  options: SqlAccountStoreOptions = {},
): TwoFactorStore {
  const store = new SqlTwoFactorStore(db as unknown as Kysely<TwoFactorDatabase>, options);
  return registerSqlHome(
    store,
    db as unknown as Kysely<unknown>,
    (trx) => new SqlTwoFactorStore(trx as unknown as Kysely<TwoFactorDatabase>, options),
  );
}

class SqlTwoFactorStore implements TwoFactorStore {
  readonly #db: Kysely<TwoFactorDatabase>;
  readonly #t: TwoFactorTableNames;

  constructor(db: Kysely<TwoFactorDatabase>, options: SqlAccountStoreOptions) {
    this.#db = db;
    this.#t = twoFactorTableNames(options.tablePrefix);
  }

  async totp(accountId: string): Promise<TotpRecord | null> {
    const row = await this.#db
      .selectFrom(this.#t.totp)
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row === undefined ? null : toTotp(row);
  }

  async enable(accountId: string, init: Parameters<TwoFactorStore['enable']>[1]): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      await trx.deleteFrom(this.#t.totp).where('account_id', '=', accountId).execute();
      await trx
        .insertInto(this.#t.totp)
        .values({
          account_id: accountId,
          sealed_secret: init.sealedSecret,
          enabled_at: init.enabledAt,
          last_step: init.lastStep,
        })
        .execute();
      await this.#writeCodes(trx, accountId, init.recoveryCodeHashes, init.enabledAt);
    });
  }

  async disable(accountId: string): Promise<boolean> {
    return inTransaction(this.#db, async (trx) => {
      await trx.deleteFrom(this.#t.recoveryCodes).where('account_id', '=', accountId).execute();
      const result = await trx
        .deleteFrom(this.#t.totp)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async useStep(accountId: string, step: number): Promise<boolean> {
    const result = await this.#db
      .updateTable(this.#t.totp)
      .set({ last_step: step })
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async reseal(accountId: string, expected: string, sealedSecret: string): Promise<void> {
    await this.#db
      .updateTable(this.#t.totp)
      .set({ sealed_secret: sealedSecret })
      .where('account_id', '=', accountId)
      .where('sealed_secret', '=', expected)
      .execute();
  }

  async replaceRecoveryCodes(
    accountId: string,
    hashes: readonly string[],
    now: number,
  ): Promise<void> {
    await inTransaction(this.#db, (trx) => this.#writeCodes(trx, accountId, hashes, now));
  }

  async useRecoveryCode(accountId: string, hash: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom(this.#t.recoveryCodes)
      .where('account_id', '=', accountId)
      .where('code_hash', '=', hash)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async recoveryCodesLeft(accountId: string): Promise<number> {
    const row = await this.#db
      .selectFrom(this.#t.recoveryCodes)
      .select((eb) => eb.fn.countAll().as('count'))
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async #writeCodes(
    trx: Kysely<TwoFactorDatabase>,
    accountId: string,
    hashes: readonly string[],
    now: number,
  ): Promise<void> {
    await trx.deleteFrom(this.#t.recoveryCodes).where('account_id', '=', accountId).execute();
    if (hashes.length === 0) return;
    await trx
      .insertInto(this.#t.recoveryCodes)
      .values(hashes.map((code_hash) => ({ account_id: accountId, code_hash, created_at: now })))
      .execute();
  }
}

function toTotp(row: Selectable<TwoFactorTotpTable>): TotpRecord {
  return {
    accountId: row.account_id,
    sealedSecret: row.sealed_secret,
    enabledAt: Number(row.enabled_at),
    lastStep: row.last_step === null ? null : Number(row.last_step),
  };
}
