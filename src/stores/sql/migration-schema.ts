/** @module Where a migrator keeps its bookkeeping tables on PostgreSQL: the connection's own schema. */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The schema the migrator's tables belong in: PostgreSQL's `current_schema()`, or undefined
 * elsewhere. Kysely, told no schema, takes a same-named table in *any* schema for its own, so
 * a second schema in one database (a second app, a test run) would skip creating its tables.
 *
 * @example new Migrator({ db, provider, migrationTableSchema: await migrationTableSchema(db) });
 */
export async function migrationTableSchema<DB>(db: Kysely<DB>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  return rows[0]?.schema ?? undefined;
}
