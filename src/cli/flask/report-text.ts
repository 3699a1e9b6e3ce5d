/** @module The import's report for people: what happened in a sentence, then every skipped row and why. */
import { formatTable, plural } from '../text-table.js';
import type { ImportReport } from './import-users.js';

/**
 * The report as lines of text; the first line says whether anything changed.
 *
 * @example io.stdout.write(`${formatImportReport(report)}\n`);
 */
export function formatImportReport(report: ImportReport): string {
  const from = `${report.source} (table ${report.table}, ${plural(report.rows, 'row')})`;
  const before =
    report.alreadyImported === 0
      ? ''
      : ` ${plural(report.alreadyImported, 'user')} imported before ${report.alreadyImported === 1 ? 'was' : 'were'} left as they are.`;
  const lines: string[] = [];
  if (report.dryRun) {
    lines.push(
      `Dry run: would import ${plural(report.imported, 'user')} from ${from}; nothing was written.${before}`,
    );
  } else if (report.imported === 0 && report.alreadyImported > 0) {
    lines.push(`Nothing changed: every importable user of ${from} was imported before.${before}`);
  } else if (report.imported === 0) {
    lines.push(`Nothing imported from ${from}.`);
  } else {
    lines.push(`Imported ${plural(report.imported, 'user')} from ${from}.${before}`);
  }
  if (report.unread > 0) {
    lines.push(
      `Warning: ${plural(report.unread, 'row')} counted at the start ${report.unread === 1 ? 'was' : 'were'} not read (the table changed meanwhile, or ids repeat): run the import again.`,
    );
  }
  if (report.skipped.length === 0) {
    lines.push('No rows were skipped.');
    return lines.join('\n');
  }
  lines.push(`Skipped ${plural(report.skipped.length, 'row')}:`);
  const rows = report.skipped.map((skip) => [skip.legacyId ?? '-', skip.email ?? '-', skip.reason]);
  lines.push(
    formatTable(['ID', 'EMAIL', 'REASON'], rows)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  return lines.join('\n');
}
