/** @module The conformance suite on a real SQLite file; migrations, pragmas, two connections. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalInvalidationChannel } from '../../src/stores/local-invalidation.js';
import {
  createSqlStores,
  type LatchkeyDatabase,
  migrateLatchkey,
  SqlSessionStore,
} from '../../src/stores/sql/index.js';
import { openSqliteDatabase } from '../../src/stores/sql/sqlite-entry.js';
import { runStoreConformance } from './conformance.js';
import { makeSession, makeToken, T0 } from './fixtures.js';

const cleanups: (() => Promise<void>)[] = [];

/** A fresh database file in its own temp directory, removed after the test. */
function tempDatabasePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-sqlite-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'latchkey.db');
}

function open(path: string): Kysely<LatchkeyDatabase> {
  const db = openSqliteDatabase(path);
  // Unshift: databases close before their directory is removed.
  cleanups.unshift(() => db.destroy());
  return db;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

runStoreConformance('sqlite', async () => {
  const db = open(tempDatabasePath());
  await migrateLatchkey(db);
  return { stores: createSqlStores(db), close: async () => {} };
});

async function names(db: Kysely<LatchkeyDatabase>, type: 'table' | 'index'): Promise<string[]> {
  const result = await sql<{
    name: string;
  }>`select name from sqlite_master where type = ${type}`.execute(db);
  return result.rows.map((row) => row.name);
}

describe('sqlite', () => {
  it('migrateLatchkey() applies every migration once and is a no-op the second time', async () => {
    const db = open(tempDatabasePath());
    expect(await migrateLatchkey(db)).toEqual([
      '2026_11_21_001_initial',
      '2026_12_03_010_invalidation_log',
    ]);
    expect(await migrateLatchkey(db)).toEqual([]);
  });

  it("migrateLatchkey() keeps its bookkeeping apart from the application's migrations", async () => {
    const db = open(tempDatabasePath());
    await migrateLatchkey(db);
    const tables = await names(db, 'table');
    expect(tables).toEqual(expect.arrayContaining(['latchkey_migrations', 'latchkey_sessions']));
    expect(tables).not.toContain('kysely_migration');
  });

  it('the schema indexes user ids and expiry times', async () => {
    const db = open(tempDatabasePath());
    await migrateLatchkey(db);
    expect(await names(db, 'index')).toEqual(
      expect.arrayContaining([
        'latchkey_sessions_user_id_idx',
        'latchkey_sessions_expires_at_idx',
        'latchkey_tokens_user_id_purpose_idx',
        'latchkey_tokens_expires_at_idx',
        'latchkey_counters_expires_at_idx',
      ]),
    );
  });

  it('openSqliteDatabase() turns on WAL, a busy timeout, foreign keys and NORMAL sync', async () => {
    const db = open(tempDatabasePath());
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('busy_timeout')).toBe(5000);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('synchronous')).toBe(1);
  });

  it('data written through one connection survives closing and reopening the file', async () => {
    const path = tempDatabasePath();
    const first = openSqliteDatabase(path);
    await migrateLatchkey(first);
    const session = makeSession({ data: { csrf: 'kept' } });
    await createSqlStores(first).sessions.create(session);
    await first.destroy();
    const second = open(path);
    expect(await migrateLatchkey(second)).toEqual([]);
    expect(await createSqlStores(second).sessions.get(session.id)).toStrictEqual(session);
  });

  it('consume() has a single winner across two connections to the same file', async () => {
    const path = tempDatabasePath();
    const one = open(path);
    await migrateLatchkey(one);
    const two = open(path);
    const [a, b] = [createSqlStores(one).tokens, createSqlStores(two).tokens];
    const token = makeToken();
    await a.create(token);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).consume(token.selector, 'reset', T0),
      ),
    );
    expect(results.filter((result) => result !== null)).toStrictEqual([token]);
  });

  it('increment() counts correctly across two connections to the same file', async () => {
    const path = tempDatabasePath();
    const one = open(path);
    await migrateLatchkey(one);
    const two = open(path);
    const [a, b] = [createSqlStores(one).counters, createSqlStores(two).counters];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).increment('k', 1000, T0)),
    );
    expect(await a.get('k', T0)).toStrictEqual({ count: 20, resetAt: T0 + 1000 });
  });

  it('unreadable JSON data reads back as empty session data and null token data', async () => {
    const db = open(tempDatabasePath());
    await migrateLatchkey(db);
    const stores = createSqlStores(db);
    const session = makeSession({ data: { a: 1 } });
    const token = makeToken({ data: { b: 2 } });
    await stores.sessions.create(session);
    await stores.tokens.create(token);
    await db.updateTable('latchkey_sessions').set({ data: '{not json' }).execute();
    await db.updateTable('latchkey_tokens').set({ data: '[1,2]' }).execute();
    expect((await stores.sessions.get(session.id))?.data).toStrictEqual({});
    expect((await stores.tokens.get(token.selector))?.data).toBeNull();
  });

  it('a table prefix puts every table, and the migration bookkeeping, under that prefix', async () => {
    const db = open(tempDatabasePath());
    expect(await migrateLatchkey(db, { tablePrefix: 'auth_' })).toEqual([
      '2026_11_21_001_initial',
      '2026_12_03_010_invalidation_log',
    ]);
    const stores = createSqlStores(db, { tablePrefix: 'auth_' });
    const session = makeSession();
    await stores.sessions.create(session);
    expect(await stores.counters.increment('k', 1000, T0)).toStrictEqual({
      count: 1,
      resetAt: T0 + 1000,
    });
    expect(await stores.counters.increment('k', 1000, T0)).toStrictEqual({
      count: 2,
      resetAt: T0 + 1000,
    });
    expect(await stores.sessions.get(session.id)).toStrictEqual(session);
    const tables = await names(db, 'table');
    expect(tables).toEqual(
      expect.arrayContaining([
        'auth_sessions',
        'auth_tokens',
        'auth_counters',
        'auth_invalidations',
      ]),
    );
    expect(tables).toContain('auth_migrations');
    expect(tables).not.toContain('latchkey_sessions');
  });

  it('a table prefix that is not a plain identifier is a configuration error', () => {
    const db = open(tempDatabasePath());
    expect(() => createSqlStores(db, { tablePrefix: 'x"; drop table y; --' })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });

  it('SqlSessionStore announces on an in-process channel unless given one', async () => {
    const db = open(tempDatabasePath());
    const seen: unknown[] = [];
    const store = new SqlSessionStore(db);
    store.invalidation.subscribe((message) => seen.push(message));
    await store.invalidation.publish({ kind: 'sessions', ids: ['s1'] });
    expect(seen).toEqual([{ kind: 'sessions', ids: ['s1'] }]);
    const channel = createLocalInvalidationChannel();
    expect(new SqlSessionStore(db, { invalidation: channel }).invalidation).toBe(channel);
  });
});
