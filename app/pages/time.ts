/** @module Times on pages: unambiguous UTC, since no script runs to localise them. */

/**
 * `2026-01-31 14:05 UTC` for epoch milliseconds.
 *
 * @example readableTime(Date.UTC(2026, 0, 31, 14, 5)) // '2026-01-31 14:05 UTC'
 */
export function readableTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
