/**
 * @module A change and its audit entry, committed together: in one SQL transaction when the
 * account store and the audit log live in the same Kysely database, else one after the other.
 */
import type { Transaction } from 'kysely';
import type { ApiTokenStore } from '../stores/api-token-store.js';
import type { AuditLog } from './audit-log.js';
import { sqlHomeOf } from './sql/home.js';
import type { PasskeyStore, TwoFactorStore } from './two-factor/store-types.js';
import type { AccountStore } from './types.js';

/** The stores a change writes through, and the audit log its entry goes to. */
export interface UnitStores {
  readonly store: AccountStore;
  /** The `twoFactor` option's store; null without the option. */
  readonly twoFactor: TwoFactorStore | null;
  /** The `passkeys` option's store; null without the option. */
  readonly passkeys: PasskeyStore | null;
  /** The API tokens' store; null without the `apiTokens` option. */
  readonly apiTokens: ApiTokenStore | null;
  readonly auditLog: AuditLog | null;
}

/** Runs work over the stores: inside one transaction, or over the stores as they are. */
export type UnitRunner = <T>(work: (stores: UnitStores) => Promise<T>) => Promise<T>;

/**
 * The runner for these stores. When the account store and the audit log were made by
 * `createSqlAccountStore` and `createSqlAuditLog` on one Kysely instance, the work runs in a
 * transaction of it, with the account store, the audit log and whichever second-factor and token stores
 * share that instance writing through it: if any write throws, none is kept. Otherwise (memory
 * stores, no audit log, two databases) the work runs over the stores as they are, each write
 * on its own, in the order the work makes them.
 *
 * The work must not touch the database any other way: SQLite has one connection, which the
 * transaction holds until the work ends.
 *
 * @example const run = createUnitRunner({ store, twoFactor: null, passkeys: null, apiTokens: null, auditLog });
 */
export function createUnitRunner(stores: UnitStores): UnitRunner {
  const storeHome = sqlHomeOf(stores.store);
  const auditHome = stores.auditLog && sqlHomeOf(stores.auditLog);
  if (!storeHome || !auditHome || storeHome.db !== auditHome.db) {
    return (work) => work(stores);
  }
  const { db } = storeHome;
  /** A store bound to the transaction when it lives in the same database, else as it is. */
  function bound<S extends object>(store: S | null, trx: Transaction<unknown>): S | null {
    const home = store && sqlHomeOf(store);
    return home && home.db === db ? home.bind(trx) : store;
  }
  return (work) =>
    db.transaction().execute((trx) =>
      work({
        store: storeHome.bind(trx),
        twoFactor: bound(stores.twoFactor, trx),
        passkeys: bound(stores.passkeys, trx),
        apiTokens: bound(stores.apiTokens, trx),
        auditLog: auditHome.bind(trx),
      }),
    );
}
