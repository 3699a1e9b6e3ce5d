/**
 * @module Stores from URLs: SQLite files and PostgreSQL schemas shared by two login managers, as
 * two processes share them; a logout through one is refused by the other; bad URLs are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateAccounts } from '../../src/accounts/index.js';
import {
  type ConnectedStores,
  type ConnectOptions,
  connectStores,
  migrateLatchkey,
  openLatchkeyDatabase,
  parseDatabaseUrl,
} from '../../src/stores/sql/index.js';
import { describePostgres } from '../accounts/support/postgres.js';
import { createHarness } from '../support/harness.js';
import { describeRedis } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function connected(options: ConnectOptions): Promise<ConnectedStores> {
  const stores = await connectStores(options);
  cleanups.unshift(() => stores.close());
  return stores;
}

async function migrated(databaseUrl: string): Promise<void> {
  const db = await openLatchkeyDatabase({ databaseUrl });
  await migrateLatchkey(db);
  await db.destroy();
}

/** Two managers on two connections, as two processes; the client's cookie goes to both. */
async function twoProcesses(databaseUrl: string, more: Partial<ConnectOptions> = {}) {
  const options = { databaseUrl, ...more };
  const [a, b] = [await connected(options), await connected(options)];
  // Real time: Redis expires records by its own clock.
  const onA = createHarness({ stores: a.stores, clock: Date.now });
  const onB = createHarness({ stores: b.stores, clock: Date.now });
  cleanups.push(() => {
    onA.manager.close();
    onB.manager.close();
  });
  const client = onA.client();
  await client.get('/login/1');
  const asB = onB.client();
  const whoOnB = async () => {
    asB.cookies.clear();
    for (const [name, cookie] of client.cookies) asB.cookies.set(name, cookie);
    const body = (await (await asB.get('/whoami')).json()) as { name: string | null };
    return body.name;
  };
  return { a, b, client, whoOnB };
}

async function logoutOnAIsRefusedByB(databaseUrl: string, more: Partial<ConnectOptions> = {}) {
  const { client, whoOnB } = await twoProcesses(databaseUrl, more);
  // Twice: the second answer comes from B's cache, which the logout must reach.
  expect(await whoOnB()).toBe('Notch');
  expect(await whoOnB()).toBe('Notch');
  const cookies = new Map(client.cookies);
  await client.get('/logout');
  for (const [name, cookie] of cookies) client.cookies.set(name, cookie);
  await waitFor('B to refuse the session', async () => (await whoOnB()) === null, {
    timeoutMs: 1_000,
  });
  expect(await whoOnB()).toBeNull();
}

describe('connectStores() on SQLite', () => {
  function fileUrl(): string {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-connect-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return `sqlite:${join(dir, 'app.db')}`;
  }

  it('two managers on one file: a logout through one is refused by the other', async () => {
    const url = fileUrl();
    await migrated(url);
    await logoutOnAIsRefusedByB(url);
  });

  it('a file gets the change-log channel, live once migrated', async () => {
    const url = fileUrl();
    await migrated(url);
    const { invalidation, location } = await connected({ databaseUrl: url });
    expect(location.kind).toBe('sqlite');
    expect(invalidation.isLive?.()).toBe(true);
  });

  it('sqlite::memory: gets an in-process channel', async () => {
    const { invalidation, db } = await connected({ databaseUrl: 'sqlite::memory:' });
    await migrateLatchkey(db);
    expect(invalidation.isLive).toBeUndefined();
  });
});

describeRedis('connectStores() with REDIS_URL', (redis) => {
  it('two managers on one Redis: a logout through one is refused by the other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-connect-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = `sqlite:${join(dir, 'app.db')}`;
    await migrated(url);
    await logoutOnAIsRefusedByB(url, { redisUrl: redis.url, redisPrefix: redis.prefix });
  });

  it('sessions then live in Redis under the prefix, not in the SQL table', async () => {
    const { stores, db, invalidation } = await connected({
      databaseUrl: 'sqlite::memory:',
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
    });
    await migrateLatchkey(db);
    const onA = createHarness({ stores, clock: Date.now });
    cleanups.push(() => onA.manager.close());
    await onA.client().get('/login/1');
    await waitFor('the channel to subscribe', () => invalidation.isLive?.());
    expect((await redis.keys()).length).toBeGreaterThan(0);
    const rows = await db.selectFrom('latchkey_sessions').selectAll().execute();
    expect(rows).toEqual([]);
  });
});

describe('connectStores() refusals', () => {
  it('a URL that is neither sqlite: nor postgres:// is a configuration error', async () => {
    expect(parseDatabaseUrl('mysql://x')).toBeNull();
    await expect(connectStores({ databaseUrl: 'mysql://x' })).rejects.toMatchObject({
      code: 'config_invalid',
    });
  });

  it('parseDatabaseUrl() reads both kinds', () => {
    expect(parseDatabaseUrl('sqlite:./data/app.db')).toStrictEqual({
      kind: 'sqlite',
      path: './data/app.db',
    });
    expect(parseDatabaseUrl('postgresql://h/db')).toStrictEqual({
      kind: 'postgres',
      url: 'postgresql://h/db',
    });
  });
});

describePostgres('connectStores() on PostgreSQL', (run) => {
  it('two managers on one schema: a logout through one is refused by the other', async () => {
    await migrated(run.connectionString());
    await logoutOnAIsRefusedByB(run.connectionString());
  });

  it('a second schema in the same database gets its own migration tables, not the first one’s', async () => {
    await migrated(run.connectionString());
    const other = `second_${Date.now().toString(36)}`;
    await sql`create schema ${sql.id(other)}`.execute(run.db());
    cleanups.push(async () => {
      await sql`drop schema ${sql.id(other)} cascade`.execute(run.db());
    });
    const url = new URL(run.connectionString());
    url.searchParams.set('options', `-c search_path=${other}`);
    const db = await openLatchkeyDatabase({ databaseUrl: url.href });
    cleanups.unshift(() => db.destroy());
    expect(await migrateLatchkey(db)).toEqual([
      '2026_11_21_001_initial',
      '2026_12_03_010_invalidation_log',
    ]);
    expect(await migrateAccounts(db)).not.toEqual([]);
    const { rows } = await sql<{ n: string }>`select count(*) as n from information_schema.tables
      where table_schema = ${other} and table_name in ('latchkey_migrations', 'accounts_migrations', 'users')`.execute(
      run.db(),
    );
    expect(Number(rows[0]?.n)).toBe(3);
  });

  it('connections carry the application name, and the channel is scoped to the schema', async () => {
    const url = new URL(run.connectionString());
    const name = `latchkey_connect_${Date.now()}`;
    url.searchParams.set('application_name', name);
    const { invalidation, db } = await connected({ databaseUrl: url.href });
    expect(invalidation.isLive?.()).toBe(true);
    await sql`select 1`.execute(db);
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
      where application_name = ${name}`.execute(run.db());
    // The pool's connection and the listening one.
    expect(Number(rows[0]?.n)).toBe(2);
    const listen = await sql<{ query: string }>`select query from pg_stat_activity
      where application_name = ${name} and query like 'LISTEN%'`.execute(run.db());
    expect(listen.rows[0]?.query).toMatch(/^LISTEN "latchkey_invalidation_[0-9a-f]{16}"$/);
  });
});
