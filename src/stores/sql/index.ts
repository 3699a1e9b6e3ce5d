/** @module `latchkey/stores/sql`: the ports on Kysely, with migrations and a SQLite opener. */
export {
  type ConnectedStores,
  type ConnectOptions,
  connectStores,
  type DatabaseLocation,
  openLatchkeyDatabase,
  parseDatabaseUrl,
} from './connect.js';
export { SqlCounterStore } from './counter-store.js';
export { migrateLatchkey } from './migrate.js';
export type {
  LatchkeyCountersTable,
  LatchkeyDatabase,
  LatchkeySessionsTable,
  LatchkeyTokensTable,
  SqlStoreOptions,
} from './schema.js';
export { SqlSessionStore, type SqlSessionStoreOptions } from './session-store.js';
export { createSqlStores, type SqlStores } from './stores.js';
export { SqlTokenStore } from './token-store.js';
