/** Which errors mean "the database is out of reach" (503) rather than a bug (500). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../app/http/unavailable.js';

function coded(message: string, code: string, name = 'Error'): Error {
  return Object.assign(new Error(message), { code, name });
}

describe('isStoreUnavailable', () => {
  it('a PostgreSQL server that refuses the connection is unavailable (a real pg error)', async () => {
    const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it('a SQLite file locked by another writer is unavailable (a real SQLITE_BUSY)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-busy-'));
    const path = join(dir, 'busy.db');
    const one = new Database(path);
    const two = new Database(path);
    try {
      two.pragma('busy_timeout = 0');
      one.exec('create table if not exists t (x); begin immediate; insert into t values (1)');
      let error: unknown = null;
      try {
        two.exec('begin immediate');
      } catch (caught) {
        error = caught;
      }
      expect(isStoreUnavailable(error)).toBe(true);
    } finally {
      one.close();
      two.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL connection, shutdown and resource errors are unavailable; found through causes', () => {
    expect(isStoreUnavailable(coded('terminating connection', '57P01'))).toBe(true);
    expect(isStoreUnavailable(coded('too many clients', '53300'))).toBe(true);
    expect(isStoreUnavailable(coded('connection failure', '08006'))).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    const wrapped = new Error('store call failed', { cause: coded('reset', 'ECONNRESET') });
    expect(isStoreUnavailable(wrapped)).toBe(true);
  });

  it('bugs and bad queries are not: they stay 500s', () => {
    expect(isStoreUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isStoreUnavailable(coded('syntax error', '42601'))).toBe(false);
    expect(isStoreUnavailable(coded('unique violation', '23505'))).toBe(false);
    expect(isStoreUnavailable(coded('constraint', 'SQLITE_CONSTRAINT', 'SqliteError'))).toBe(false);
    expect(isStoreUnavailable('a string')).toBe(false);
    expect(isStoreUnavailable(null)).toBe(false);
  });
});
