/** @module Plain text tables for people: columns padded to their widest cell. */

/**
 * Lays out rows under a header, two spaces between columns, no trailing spaces.
 *
 * @example formatTable(['email', 'disabled'], [['ada@example.com', 'no']])
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  return all
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * A time for people and scripts alike: ISO 8601 in UTC, to the second.
 *
 * @example formatTime(0) // '1970-01-01T00:00:00Z'
 */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A count with its noun, singular or plural.
 *
 * @example plural(2, 'session') // '2 sessions'
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
