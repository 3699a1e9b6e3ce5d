/**
 * What Latchkey's rows cost in PostgreSQL: a throwaway schema filled with realistic sessions,
 * remember-me tokens and accounts (4 sessions and 1 remember token per account), then the
 * table and index sizes PostgreSQL reports, per row.
 *
 * Run: `npx tsx bench/scale/pg-sizing.ts` (TEST_POSTGRES_URL, default the loopback server).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createSqlAccountStore, migrateAccounts } from '../../src/accounts/index.js';
import {
  createSqlStores,
  migrateLatchkey,
  openLatchkeyDatabase,
} from '../../src/stores/sql/index.js';

const ACCOUNTS = 5_000;
const SESSIONS_PER_ACCOUNT = 4;
const base = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const schema = `sizing_${randomBytes(5).toString('hex')}`;
const scoped = new URL(base);
scoped.searchParams.set('options', `-c search_path=${schema}`);
const admin = await openLatchkeyDatabase({ databaseUrl: base.href });
await sql`create schema ${sql.id(schema)}`.execute(admin);
const db = await openLatchkeyDatabase({ databaseUrl: scoped.href });
const id = () => randomBytes(32).toString('base64url');
const userAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
try {
  await migrateLatchkey(db);
  await migrateAccounts(db);
  const stores = createSqlStores(db);
  const accounts = createSqlAccountStore(db);
  const now = Date.now();
  for (let a = 0; a < ACCOUNTS; a++) {
    const userId = randomUUID();
    await accounts.create({
      id: userId,
      email: `person-${a}@example.com`,
      username: `person_${a}`,
      passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`,
      createdAt: now,
    });
    const selector = id();
    await stores.tokens.create({
      selector,
      userId,
      purpose: 'remember',
      hash: id(),
      previousHash: id(),
      rotatedAt: now,
      createdAt: now,
      expiresAt: now + 30 * 86_400_000,
      data: null,
    });
    for (let s = 0; s < SESSIONS_PER_ACCOUNT; s++) {
      await stores.sessions.create({
        id: id(),
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now + 3_600_000,
        absoluteExpiresAt: now + 86_400_000,
        freshAt: now,
        remembered: s === 0,
        rememberSelector: s === 0 ? selector : null,
        fingerprint: id(),
        userAgent,
        address: `203.0.113.${s + 1}`,
        data: { csrf: id() },
      });
    }
  }
  await sql`analyze`.execute(db);
  const { rows } = await sql<{ name: string; rows: string; heap: string; indexes: string }>`
    select c.relname as name, c.reltuples::bigint as rows,
      pg_table_size(c.oid) as heap, pg_indexes_size(c.oid) as indexes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind = 'r' and c.reltuples > 0
      and c.relname not like '%migrations%'
    order by c.relname`.execute(db);
  for (const row of rows) {
    const count = Number(row.rows);
    const perRow = (bytes: string) => (Number(bytes) / count).toFixed(0);
    console.log(
      `${row.name}: ${count} rows, table ${perRow(row.heap)} B/row, indexes ${perRow(row.indexes)} B/row, total ${((Number(row.heap) + Number(row.indexes)) / count).toFixed(0)} B/row`,
    );
  }
} finally {
  await db.destroy();
  await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
  await admin.destroy();
}
