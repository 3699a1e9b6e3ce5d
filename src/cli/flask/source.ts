/**
 * @module The Flask app's database, opened read-only: its users table found, its columns listed,
 * its rows read in id order a page at a time.
 */
import { existsSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { CliError, usageError } from '../cli-error.js';
import { describeLocation, loadDriver } from '../open-database.js';

/** One row as the driver returns it. */
export type SourceRow = Readonly<Record<string, unknown>>;

/** The users table of the app being left. */
export interface FlaskSource {
  /** Where it is, for the report (no password). */
  readonly label: string;
  readonly table: string;
  readonly columns: readonly string[];
  count(): Promise<number>;
  /** Rows with a non-null id, in id order, `size` at a time. */
  pages(columns: readonly string[], idColumn: string, size: number): AsyncIterable<SourceRow[]>;
  /** Rows whose id is null, which id order cannot reach. */
  rowsWithoutId(columns: readonly string[], idColumn: string): Promise<SourceRow[]>;
  close(): Promise<void>;
}

/** The tables Flasky (`users`) and Microblog (`user`) keep their users in. */
const DEFAULT_TABLES = ['users', 'user'];

// Tables are only ever read here: every name is the source's own, so Kysely is told nothing.
// biome-ignore lint/suspicious/noExplicitAny: the source's schema is discovered at run time.
type AnyDb = Kysely<any>;

/**
 * Opens a SQLite file (a path, or `sqlite:PATH`) read-only, or a PostgreSQL database by URL, and
 * finds the users table: `table` when given (`schema.table` on PostgreSQL), else `users` or `user`.
 *
 * @example const source = await openFlaskSource('instance/app.sqlite', undefined);
 */
export async function openFlaskSource(
  location: string,
  table: string | undefined,
): Promise<FlaskSource> {
  const postgres = /^postgres(ql)?:\/\//.test(location);
  const db = postgres ? await openPostgres(location) : await openSqlite(location);
  const label = postgres
    ? describeLocation({ kind: 'postgres', url: location })
    : `sqlite:${sqlitePath(location)}`;
  try {
    const found = await findTable(db, postgres, table, label);
    return sourceOn(db, label, found.table, found.columns);
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

function sqlitePath(location: string): string {
  return location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
}

async function openSqlite(location: string): Promise<AnyDb> {
  const path = sqlitePath(location);
  if (!existsSync(path)) throw new CliError(`There is no SQLite database at ${path}.`);
  const { default: Database } = await loadDriver(() => import('better-sqlite3'), 'better-sqlite3');
  const { Kysely, SqliteDialect } = await import('kysely');
  const database = new Database(path, { readonly: true, fileMustExist: true });
  return new Kysely({ dialect: new SqliteDialect({ database }) });
}

async function openPostgres(url: string): Promise<AnyDb> {
  const { default: pg } = await loadDriver(() => import('pg'), 'pg');
  const { Kysely, PostgresDialect } = await import('kysely');
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

async function findTable(
  db: AnyDb,
  postgres: boolean,
  table: string | undefined,
  label: string,
): Promise<{ table: string; columns: string[] }> {
  for (const name of table === undefined ? DEFAULT_TABLES : [table]) {
    const columns = postgres ? await postgresColumns(db, name) : await sqliteColumns(db, name);
    if (columns.length > 0) return { table: name, columns };
  }
  throw usageError(
    table === undefined
      ? `${label} has no "users" or "user" table: name the users table with --table.`
      : `${label} has no table "${table}".`,
  );
}

async function sqliteColumns(db: AnyDb, table: string): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(
    db,
  );
  return result.rows.map((row) => row.name);
}

async function postgresColumns(db: AnyDb, table: string): Promise<string[]> {
  const dot = table.indexOf('.');
  const schema = dot === -1 ? sql`current_schema()` : sql`${table.slice(0, dot)}`;
  const name = dot === -1 ? table : table.slice(dot + 1);
  const result = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = ${schema} and table_name = ${name}
    order by ordinal_position`.execute(db);
  return result.rows.map((row) => row.column_name);
}

function sourceOn(db: AnyDb, label: string, table: string, columns: string[]): FlaskSource {
  return {
    label,
    table,
    columns,
    async count() {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async *pages(wanted, idColumn, size) {
      let last: unknown;
      for (;;) {
        let query = db.selectFrom(table).select(wanted).where(idColumn, 'is not', null);
        if (last !== undefined) query = query.where(idColumn, '>', last);
        const rows = (await query.orderBy(idColumn).limit(size).execute()) as SourceRow[];
        if (rows.length === 0) return;
        yield rows;
        if (rows.length < size) return;
        last = rows[rows.length - 1]?.[idColumn];
      }
    },
    async rowsWithoutId(wanted, idColumn) {
      return (await db
        .selectFrom(table)
        .select(wanted)
        .where(idColumn, 'is', null)
        .execute()) as SourceRow[];
    },
    close: () => db.destroy(),
  };
}
