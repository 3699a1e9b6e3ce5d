/**
 * @module The import itself: pages of the old table checked row by row and against each other and
 * the accounts already here, then written one transaction per page. Running it again finds every
 * imported row by its old id and writes nothing.
 */
import { ACCOUNT_ID_BYTES, accountIdFrom } from '../../accounts/account-id.js';
import type { ImportedAccount, SqlAccountImport } from '../../accounts/sql/account-import.js';
import type { RandomSource } from '../../clock.js';
import type { FieldColumns } from './fields.js';
import { type CheckedRow, checkRow, type SkippedRow } from './rows.js';
import type { FlaskSource } from './source.js';

/** What an import did, or with `dryRun` would do. */
export interface ImportReport {
  readonly source: string;
  readonly table: string;
  readonly dryRun: boolean;
  /** Rows in the table when the import began. */
  readonly rows: number;
  /** Accounts created (or, in a dry run, that would be). */
  readonly imported: number;
  /** Rows whose old id was imported before: left as they are. */
  readonly alreadyImported: number;
  readonly skipped: readonly SkippedRow[];
  /** Rows counted at the start but never read (the table changed meanwhile, or ids repeat). */
  readonly unread: number;
}

/** How to import. */
export interface ImportOptions {
  readonly fields: FieldColumns;
  readonly batchSize: number;
  readonly dryRun: boolean;
  readonly now: () => number;
  readonly random: RandomSource;
  /** Called after each page with the rows read so far. */
  readonly onProgress?: (rowsRead: number, rows: number) => void;
}

/**
 * Imports the source's users into the target accounts tables and reports on every row.
 *
 * @example const report = await importUsers(source, createSqlAccountImport(db), options);
 */
export async function importUsers(
  source: FlaskSource,
  target: SqlAccountImport,
  options: ImportOptions,
): Promise<ImportReport> {
  const rows = await source.count();
  const wanted = [...new Set(options.fields.values())];
  const idColumn = options.fields.get('id') ?? 'id';
  const seen = new SeenInSource();
  const skipped: SkippedRow[] = [];
  let read = 0;
  let imported = 0;
  let alreadyImported = 0;

  for await (const page of source.pages(wanted, idColumn, options.batchSize)) {
    read += page.length;
    const fresh: CheckedRow[] = [];
    for (const row of page) {
      const checked = checkRow(row, options.fields);
      if ('reason' in checked) {
        skipped.push(checked);
        continue;
      }
      const clash = seen.clash(checked);
      if (clash) skipped.push(clash);
      else fresh.push(checked);
    }
    const before = await target.importedIds(fresh.map((row) => row.legacyId));
    alreadyImported += before.size;
    const candidates = await notTakenHere(
      target,
      fresh.filter((row) => !before.has(row.legacyId)),
      skipped,
    );
    // One draw of randomness per page: a call per row costs more than the rest of the row.
    const random = options.random(ACCOUNT_ID_BYTES * candidates.length);
    const accounts: ImportedAccount[] = candidates.map((row, i) => ({
      ...row,
      id: accountIdFrom(random.subarray(i * ACCOUNT_ID_BYTES, (i + 1) * ACCOUNT_ID_BYTES)),
    }));
    if (options.dryRun) {
      imported += accounts.length;
    } else {
      const written = await target.insert(accounts, options.now());
      imported += written.size;
      for (const account of accounts) {
        if (!written.has(account.legacyId)) {
          skipped.push({
            legacyId: account.legacyId,
            email: account.email,
            reason: 'an account took this email or username while the import ran',
          });
        }
      }
    }
    options.onProgress?.(read, rows);
  }

  for (const row of await source.rowsWithoutId(wanted, idColumn)) {
    read += 1;
    const email = options.fields.get('email');
    const value = email === undefined ? null : row[email];
    skipped.push({
      legacyId: null,
      email: typeof value === 'string' ? value : null,
      reason: 'missing id',
    });
  }
  return {
    source: source.label,
    table: source.table,
    dryRun: options.dryRun,
    rows,
    imported,
    alreadyImported,
    skipped,
    unread: Math.max(0, rows - read),
  };
}

/** Leaves out (and reports) rows whose email or username an account here already has. */
async function notTakenHere(
  target: SqlAccountImport,
  rows: readonly CheckedRow[],
  skipped: SkippedRow[],
): Promise<CheckedRow[]> {
  const [emails, usernames] = await Promise.all([
    target.takenEmails(rows.map((row) => row.email)),
    target.takenUsernames(rows.map((row) => row.username.toLowerCase())),
  ]);
  return rows.filter((row) => {
    const reason = emails.has(row.email)
      ? 'an account with this email already exists here'
      : usernames.has(row.username.toLowerCase())
        ? `the username ${row.username} is taken here (ignoring case)`
        : null;
    if (reason !== null) skipped.push({ legacyId: row.legacyId, email: row.email, reason });
    return reason === null;
  });
}

/**
 * What earlier rows of the source hold: a later row with the same id, email (after
 * normalisation) or username (ignoring case) is skipped, and the first one kept, on every run alike.
 */
class SeenInSource {
  readonly #ids = new Set<string>();
  readonly #emails = new Map<string, string>();
  readonly #usernames = new Map<string, string>();

  clash(row: CheckedRow): SkippedRow | null {
    const skip = (reason: string) => ({ legacyId: row.legacyId, email: row.email, reason });
    if (this.#ids.has(row.legacyId)) return skip('duplicate id');
    const emailOwner = this.#emails.get(row.email);
    if (emailOwner !== undefined) {
      return skip(`duplicate email after normalisation (the same as id ${emailOwner})`);
    }
    const usernameKey = row.username.toLowerCase();
    const usernameOwner = this.#usernames.get(usernameKey);
    if (usernameOwner !== undefined) {
      return skip(`duplicate username ignoring case (the same as id ${usernameOwner})`);
    }
    this.#ids.add(row.legacyId);
    this.#emails.set(row.email, row.legacyId);
    this.#usernames.set(usernameKey, row.legacyId);
    return null;
  }
}
