/**
 * @module Live sessions written straight into SQLite and PostgreSQL (bulk inserts, no HTTP),
 * and what each session costs there in bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createRedisStores } from '../../src/stores/redis/index.js';
import { migrateLatchkey } from '../../src/stores/sql/index.js';
import { openSqliteDatabase } from '../../src/stores/sql/sqlite-entry.js';
import type { SessionRecord } from '../../src/stores/types.js';
import { seededSession } from '../apps/shared/seed-sessions.js';

const COLUMNS = [
  'id',
  'user_id',
  'created_at',
  'last_seen_at',
  'expires_at',
  'absolute_expires_at',
  'fresh_at',
  'remembered',
  'remember_selector',
  'fingerprint',
  'user_agent',
  'address',
  'data',
] as const;

function row(session: SessionRecord): unknown[] {
  return [
    session.id,
    session.userId,
    session.createdAt,
    session.lastSeenAt,
    session.expiresAt,
    session.absoluteExpiresAt,
    session.freshAt,
    session.remembered ? 1 : 0,
    session.rememberSelector,
    session.fingerprint,
    session.userAgent,
    session.address,
    JSON.stringify(session.data),
  ];
}

/** A migrated SQLite file holding `count` seeded sessions; its size after a checkpoint. */
export async function seedSqlite(count: number): Promise<{ file: string; bytes: number }> {
  const file = join(mkdtempSync(join(tmpdir(), 'latchkey-bench-seed-')), 'sessions.db');
  const db = openSqliteDatabase(file);
  await migrateLatchkey(db);
  await db.destroy();
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  const insert = database.prepare(
    `insert into latchkey_sessions (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const now = Date.now();
  const batch = database.transaction((from: number, to: number) => {
    for (let index = from; index < to; index++) insert.run(row(seededSession(index, now)));
  });
  for (let from = 0; from < count; from += 50_000) batch(from, Math.min(count, from + 50_000));
  database.pragma('wal_checkpoint(TRUNCATE)');
  database.close();
  return { file, bytes: statSync(file).size };
}

/**
 * Bytes per session in PostgreSQL: the sessions table with its indexes and TOAST, empty and
 * after `count` seeded rows, in a throwaway schema dropped afterwards.
 */
export async function postgresBytesPerSession(url: string, count: number): Promise<number> {
  const unique = randomBytes(6).toString('hex');
  const schema = `latchkey_bench_${unique}`;
  // Kysely's migrator finds its tables in any schema: a prefix of our own keeps it from
  // mistaking another schema's for ours.
  const tablePrefix = `bench_${unique}_`;
  const table = `${tablePrefix}sessions`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateLatchkey(db, { tablePrefix });
    const size = async () => {
      const result = await sql<{
        bytes: string;
      }>`select pg_total_relation_size(${table}) as bytes`.execute(db);
      return Number(result.rows[0]?.bytes ?? 0);
    };
    const empty = await size();
    const now = Date.now();
    const client = await pool.connect();
    try {
      for (let from = 0; from < count; from += 1000) {
        const rows: unknown[] = [];
        const tuples: string[] = [];
        for (let index = from; index < Math.min(count, from + 1000); index++) {
          const values = row(seededSession(index, now));
          tuples.push(`(${values.map((_, k) => `$${rows.length + k + 1}`).join(', ')})`);
          rows.push(...values);
        }
        await client.query(
          `insert into ${table} (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`,
          rows,
        );
      }
      await client.query(`analyze ${table}`);
    } finally {
      client.release();
    }
    return ((await size()) - empty) / count;
  } finally {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    await db.destroy();
  }
}

/**
 * Bytes per session in Redis: `MEMORY USAGE` summed over every key of a private prefix (the
 * sessions and the per-user index) after `count` sessions made through the store, then removed.
 */
export async function redisBytesPerSession(url: string, count: number): Promise<number> {
  const prefix = `latchkey-bench:${randomBytes(6).toString('hex')}:`;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const stores = createRedisStores(redis, { prefix });
  const keys: string[] = [];
  try {
    const now = Date.now();
    for (let from = 0; from < count; from += 500) {
      const batch = [];
      for (let index = from; index < Math.min(count, from + 500); index++) {
        batch.push(stores.sessions.create(seededSession(index, now)));
      }
      await Promise.all(batch);
    }
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    let bytes = 0;
    for (let from = 0; from < keys.length; from += 1000) {
      const pipeline = redis.pipeline();
      for (const key of keys.slice(from, from + 1000)) pipeline.memory('USAGE', key);
      for (const [, value] of (await pipeline.exec()) ?? []) bytes += Number(value ?? 0);
    }
    return bytes / count;
  } finally {
    for (let from = 0; from < keys.length; from += 1000)
      await redis.del(...keys.slice(from, from + 1000));
    await stores.close();
    redis.disconnect();
  }
}
