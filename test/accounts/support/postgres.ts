/**
 * @module A throwaway PostgreSQL schema per test run, from `TEST_POSTGRES_URL`. Without the
 * variable the suite is skipped loudly, except under CI, where a missing database fails.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const url = process.env.TEST_POSTGRES_URL;

/** A database handle whose tables live in this run's own schema. */
export interface PostgresRun {
  /** The Kysely instance (set once the schema exists). */
  db(): Kysely<unknown>;
  /** A table prefix no other test of this run uses. */
  uniquePrefix(): string;
  /** A connection string whose search path is this run's schema (for an app's DATABASE_URL). */
  connectionString(): string;
}

/**
 * Declares a PostgreSQL suite. Its schema is created before and dropped after, so parallel
 * runs against one database never see each other's tables.
 */
export function describePostgres(name: string, body: (run: PostgresRun) => void): void {
  if (url === undefined || url === '') {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it('needs TEST_POSTGRES_URL, which CI must set', () => {
          expect.fail('TEST_POSTGRES_URL is not set; CI runs every PostgreSQL test.');
        });
      });
      return;
    }
    console.warn(`Skipping "${name}": set TEST_POSTGRES_URL (postgres://…) to run it.`);
    describe.skip(`${name} (SKIPPED: TEST_POSTGRES_URL is not set)`, () => body(unavailable));
    return;
  }
  const schema = `accounts_test_${randomBytes(6).toString('hex')}`;
  let db: Kysely<unknown> | null = null;
  let prefixes = 0;
  describe(name, () => {
    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
      db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    });
    afterAll(async () => {
      if (db) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      await db?.destroy();
    });
    body({
      db: () => {
        if (!db) throw new Error('the PostgreSQL schema is not ready yet');
        return db;
      },
      uniquePrefix: () => `t${++prefixes}_`,
      connectionString: () => {
        const scoped = new URL(url);
        scoped.searchParams.set('options', `-c search_path=${schema}`);
        return scoped.href;
      },
    });
  });
}

const unavailable: PostgresRun = {
  db: () => {
    throw new Error('PostgreSQL is not configured');
  },
  uniquePrefix: () => 'unused_',
  connectionString: () => {
    throw new Error('PostgreSQL is not configured');
  },
};
