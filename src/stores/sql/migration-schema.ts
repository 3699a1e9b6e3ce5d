/** @module Where Kysely's migrator keeps its bookkeeping on PostgreSQL: the connection's own schema. */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The schema unqualified tables go to on PostgreSQL (the first on the search path), undefined on
 * other databases. Kysely's migrator, told nothing, takes a bookkeeping table in any schema for
 * its own, so a second schema in the same database could make it skip creating the real one.
 *
 * @example new Migrator({ db, provider, migrationTableSchema: await migrationTableSchema(db) });
 */
export async function migrationTableSchema<DB>(db: Kysely<DB>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  return result.rows[0]?.schema ?? undefined;
}
