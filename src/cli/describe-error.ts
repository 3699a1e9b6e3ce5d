/** @module Any error as one line an operator can act on: never a stack trace. */
import { LatchkeyError } from '../errors.js';
import { CliError } from './cli-error.js';

/** Driver error codes worth saying in words. */
const KNOWN_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the database refused the connection (is it running, and is the address right?)',
  ENOTFOUND: 'the database host name does not resolve',
  ETIMEDOUT: 'the database did not answer in time',
  SQLITE_BUSY: 'the SQLite database is locked by another process; try again',
  SQLITE_CANTOPEN: 'the SQLite database file cannot be opened',
  SQLITE_NOTADB: 'the file is not a SQLite database',
  SQLITE_CORRUPT: 'the SQLite database is corrupt',
  SQLITE_READONLY: 'the SQLite database is read-only',
  '28P01': 'PostgreSQL refused the password',
  '28000': 'PostgreSQL refused the login',
  '3D000': 'the PostgreSQL database does not exist',
  '42P01': 'a table is missing: run "latchkey db migrate" first',
};

/**
 * The one line to print for an error: its message, with the cause's message where the error
 * only wraps one, and a plain explanation for well-known driver failures.
 *
 * @example io.stderr.write(`latchkey: ${describeError(error)}\n`);
 */
export function describeError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  const known = knownCode(error);
  const message = firstLine(error);
  if (known) return `${known} (${message})`;
  if (error instanceof LatchkeyError && error.cause !== undefined) {
    const cause = knownCode(error.cause);
    return `${error.message} ${cause ?? firstLine(error.cause)}`;
  }
  return message;
}

function knownCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? KNOWN_CODES[code] : undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const [line = ''] = text.split('\n');
  return line.trim() || (error instanceof Error ? error.name : 'unknown error');
}
