/** @module `latchkey/stores/sqlite`: open an embedded SQLite database for the SQL stores (loads better-sqlite3). */

export { openSqliteDatabase } from './sqlite.js';
export {
  createSqliteInvalidationChannel,
  type SqliteChannelOptions,
  type SqliteInvalidationChannel,
} from './sqlite-channel.js';
