/** @module The store conformance suite on the real PostgreSQL, each test in fresh tables. */
import type { Kysely } from 'kysely';
import {
  createSqlStores,
  type LatchkeyDatabase,
  migrateLatchkey,
} from '../../src/stores/sql/index.js';
import { describePostgres } from '../accounts/support/postgres.js';
import { runStoreConformance } from './conformance.js';

describePostgres('postgres stores', (run) => {
  runStoreConformance('postgres', async () => {
    const db = run.db() as Kysely<LatchkeyDatabase>;
    const tablePrefix = run.uniquePrefix();
    await migrateLatchkey(db, { tablePrefix });
    return { stores: createSqlStores(db, { tablePrefix }), close: async () => {} };
  });
});
