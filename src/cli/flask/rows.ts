/**
 * @module One row of the old users table judged on its own: the account it becomes, or the reason
 * it cannot (a missing field, an invalid address, a hash nothing here can verify).
 */
import { parseEmail } from '../../accounts/forms.js';
import { parseStoredHash } from '../../password/identify-hash.js';
import type { FieldColumns, ImportField } from './fields.js';
import type { SourceRow } from './source.js';

/** What a row holds, checked and normalised. */
export interface CheckedRow {
  readonly legacyId: string;
  readonly email: string;
  readonly username: string;
  readonly passwordHash: string;
  readonly confirmed: boolean;
  readonly disabled: boolean;
}

/** A row left out, and why. The report lists every one. */
export interface SkippedRow {
  /** The row's id in the old table; null when it has none. */
  readonly legacyId: string | null;
  /** The row's email as normalised, or as found when it is not an address; null when missing. */
  readonly email: string | null;
  readonly reason: string;
}

/** Flask-SQLAlchemy's `String(64)` username columns: anything longer was not written by the app. */
const MAX_USERNAME_LENGTH = 64;

/**
 * Checks one row: the account it becomes, or the row as skipped with its reason. The username
 * falls back to the email when the table has none; `confirmed` defaults to true (the old app let
 * the user in) and `active` to true.
 *
 * @example const checked = checkRow(row, fields); if ('reason' in checked) report.skip(checked);
 */
export function checkRow(row: SourceRow, fields: FieldColumns): CheckedRow | SkippedRow {
  const read = (field: ImportField) => {
    const column = fields.get(field);
    return column === undefined ? undefined : row[column];
  };
  const legacyId = idText(read('id'));
  const rawEmail = read('email');
  const email = typeof rawEmail === 'string' && rawEmail.trim() !== '' ? rawEmail : null;
  const skip = (reason: string, shown: string | null = email): SkippedRow => ({
    legacyId,
    email: shown,
    reason,
  });
  if (legacyId === null) return skip('missing id');
  if (email === null) return skip('missing email');
  const parsedEmail = parseEmail(email);
  if (!parsedEmail.ok) return skip('invalid email address', email.trim());
  const normalised = parsedEmail.value;

  const hash = read('password_hash');
  if (typeof hash !== 'string' || hash === '') return skip('missing password hash', normalised);
  if (parseStoredHash(hash) === null) return skip(unknownHashReason(hash), normalised);

  const rawUsername = read('username');
  const username = typeof rawUsername === 'string' ? rawUsername.trim() : '';
  if (username.length > MAX_USERNAME_LENGTH) {
    return skip(`username longer than ${MAX_USERNAME_LENGTH} characters`, normalised);
  }

  const confirmed = flag(read('confirmed'), fields.get('confirmed'), true);
  if (confirmed === null) return skip('confirmed is neither true nor false', normalised);
  const active = flag(read('active'), fields.get('active'), true);
  if (active === null) return skip('active is neither true nor false', normalised);

  return {
    legacyId,
    email: normalised,
    username: username === '' ? normalised : username,
    passwordHash: hash,
    confirmed,
    disabled: !active,
  };
}

/** The id as Flask-Login puts it in its cookie: `str(user.id)`. */
function idText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

/**
 * A boolean column read leniently (SQLite's 0/1, PostgreSQL's booleans, `'t'`/`'true'`/`'yes'`); a
 * `…_at` column is true when it holds a time. The default when the table has no such column;
 * null for a value that says neither.
 */
function flag(value: unknown, column: string | undefined, absent: boolean): boolean | null {
  if (column === undefined) return absent;
  if (column.toLowerCase().endsWith('_at')) return value !== null && value !== undefined;
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (['1', 't', 'true', 'y', 'yes'].includes(text)) return true;
  if (['', '0', 'f', 'false', 'n', 'no'].includes(text)) return false;
  return null;
}

/**
 * Why a hash cannot be kept, in words of our own: nothing from the value itself is repeated,
 * because a "hash" column sometimes holds a plain-text password.
 */
function unknownHashReason(hash: string): string {
  if (/^(sha1|md5|plain)\$/.test(hash)) {
    return 'password hash uses an old werkzeug method (sha1$, md5$ or plain$) that is not safe to keep';
  }
  if (hash.startsWith('pbkdf2:')) {
    return 'pbkdf2 password hash without an iteration count, or with an unsupported digest';
  }
  if (hash.startsWith('scrypt')) return 'malformed scrypt password hash';
  if (/^\$2[abxy]?\$/.test(hash)) return 'bcrypt password hash (not supported)';
  if (hash.startsWith('$argon2')) return 'malformed argon2 password hash';
  return 'not a password hash format Latchkey can verify';
}
