/**
 * @module Telling "a store is out of reach for now" apart from a bug, for a 503 instead of a 500:
 * the Redis stores say so with `store_unavailable`; the SQL drivers with their own codes.
 */
import { LatchkeyError } from '../../src/index.js';

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/** PostgreSQL SQLSTATE classes and codes meaning the server or the connection is unavailable. */
const POSTGRES_UNAVAILABLE = /^(08|53|57P0[1-3])/;
/** better-sqlite3 codes meaning the file is busy or cannot be read or written right now. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL)/;
/** Node socket errors on the way to a database server. */
const SOCKET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** pg's own messages for a connection it lost or could not make (they carry no code). */
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|Query read timeout)/;

/**
 * True when `error` (or an error it was caused by) says a store could not be reached — Redis
 * down, a PostgreSQL connection ended or refused, a SQLite file busy — not that the request or
 * the code is wrong.
 *
 * @example if (isStoreUnavailable(error)) return c.json({ error: 'service_unavailable' }, 503);
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let seen = 0, current = error; current instanceof Error && seen < 5; seen += 1) {
    if (current instanceof LatchkeyError && current.code === 'store_unavailable') return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (current.name === 'SqliteError' && SQLITE_UNAVAILABLE.test(code)) return true;
      if (SOCKET_UNAVAILABLE.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && POSTGRES_UNAVAILABLE.test(code)) return true;
    }
    if (PG_CONNECTION_MESSAGES.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
