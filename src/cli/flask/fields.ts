/**
 * @module Which column of the users table holds which field: Flask-SQLAlchemy's usual names
 * (Flasky, Microblog, Flask-Security) found by themselves, `--map column=field` for the rest.
 */
import { usageError } from '../cli-error.js';

/** The fields an import reads. */
export type ImportField = 'id' | 'email' | 'username' | 'password_hash' | 'confirmed' | 'active';

/** Field → the column that holds it, for the fields this table has. */
export type FieldColumns = ReadonlyMap<ImportField, string>;

/** The column names tried for each field, in order. */
const USUAL_COLUMNS: Readonly<Record<ImportField, readonly string[]>> = {
  id: ['id'],
  email: ['email'],
  username: ['username'],
  // Flask-User and Flask-Security call the hash column `password`; a plain-text one is refused row by row.
  password_hash: ['password_hash', 'password'],
  confirmed: ['confirmed', 'email_confirmed', 'confirmed_at', 'email_confirmed_at'],
  active: ['active', 'is_active'],
};

const FIELDS = Object.keys(USUAL_COLUMNS) as ImportField[];
const REQUIRED: readonly ImportField[] = ['id', 'email', 'password_hash'];

/**
 * Resolves the fields from the table's columns and the `--map column=field` options; a usage
 * error for a malformed map, a column the table lacks, or a required field nothing holds.
 *
 * @example resolveFields(['id', 'mail', 'pw'], ['mail=email', 'pw=password_hash'])
 */
export function resolveFields(
  table: string,
  columns: readonly string[],
  maps: readonly string[],
): FieldColumns {
  const byLowerName = new Map(columns.map((column) => [column.toLowerCase(), column]));
  const fields = new Map<ImportField, string>();
  for (const map of maps) {
    const match = /^([^=]+)=([^=]+)$/.exec(map);
    const column = match?.[1]?.trim() ?? '';
    const field = match?.[2]?.trim() ?? '';
    if (!match || column === '' || !isField(field)) {
      throw usageError(
        `--map ${map}: use COLUMN=FIELD, where FIELD is one of ${FIELDS.join(', ')}.`,
      );
    }
    const actual = byLowerName.get(column.toLowerCase());
    if (actual === undefined) {
      throw usageError(`--map ${map}: table ${table} has no column "${column}".`);
    }
    if (fields.has(field)) throw usageError(`--map: the field ${field} is mapped twice.`);
    fields.set(field, actual);
  }
  for (const field of FIELDS) {
    if (fields.has(field)) continue;
    const found = USUAL_COLUMNS[field]
      .map((name) => byLowerName.get(name))
      .find((column) => column !== undefined);
    if (found !== undefined) fields.set(field, found);
  }
  const missing = REQUIRED.filter((field) => !fields.has(field));
  if (missing.length > 0) {
    const [first = 'email'] = missing;
    throw usageError(
      `Table ${table} has no column for ${missing.join(', ')} (its columns: ${columns.join(', ')}): name it with --map COLUMN=${first}.`,
    );
  }
  return fields;
}

function isField(value: string): value is ImportField {
  return (FIELDS as readonly string[]).includes(value);
}
