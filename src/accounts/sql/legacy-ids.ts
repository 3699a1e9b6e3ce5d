/** @module The ids imported accounts had in the app they came from, for that app's remember cookie. */
import type { Kysely } from 'kysely';
import {
  type AccountsDatabase,
  accountsTableNames,
  type SqlAccountStoreOptions,
} from './schema.js';

/** Looks up imported accounts by the id they had before. */
export interface LegacyIds {
  /** The account id here for an id in the old app; null when no imported account had it. */
  accountIdFor(legacyId: string): Promise<string | null>;
  /** The id an imported account had in the old app; null for an account made here. */
  legacyIdOf(accountId: string): Promise<string | null>;
}

/**
 * Reads the `legacy_ids` table that `latchkey import flask` fills, for the login manager's
 * `legacyRemember.userIdFor`, so a Flask-Login remember cookie finds the imported user.
 *
 * @example
 * const legacyIds = createSqlLegacyIds(db);
 * new LoginManager({ ...options, legacyRemember: { keys: flaskSecret, userIdFor: legacyIds.accountIdFor } });
 */
export function createSqlLegacyIds<DB>(
  db: Kysely<DB>,
  options: SqlAccountStoreOptions = {},
): LegacyIds {
  const typed = db as unknown as Kysely<AccountsDatabase>;
  const table = accountsTableNames(options.tablePrefix).legacyIds;
  return {
    // An arrow function, so it can be handed over detached from this object.
    accountIdFor: async (legacyId: string) => {
      const row = await typed
        .selectFrom(table)
        .select('account_id')
        .where('legacy_id', '=', legacyId)
        .executeTakeFirst();
      return row?.account_id ?? null;
    },
    legacyIdOf: async (accountId: string) => {
      const row = await typed
        .selectFrom(table)
        .select('legacy_id')
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row?.legacy_id ?? null;
    },
  };
}
