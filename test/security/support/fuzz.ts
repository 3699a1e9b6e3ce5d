/**
 * @module How many cases each property runs: a few thousand in CI, `FUZZ_RUNS` of them under
 * `npm run fuzz` (millions), and where the app-level properties send their requests.
 */
import fc from 'fast-check';

/** Cases per property: `FUZZ_RUNS` when set, else the CI default given. */
export function runs(ciDefault: number): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : ciDefault;
}

/** True when `npm run fuzz` drives the properties (their tests then have no time limit). */
export const FUZZING = process.env.FUZZ_RUNS !== undefined;

/** A generous per-test limit in CI; none when fuzzing for millions of cases. */
export const PROPERTY_TIMEOUT_MS = FUZZING ? 0 : 60_000;

/** `FUZZ_TARGET=http` sends the app-level properties over a real socket instead of `app.request`. */
export const OVER_HTTP = process.env.FUZZ_TARGET === 'http';

/** Strings of any UTF-16 code units, lone surrogates included. */
export const anyString = (maxLength = 200) => fc.string({ unit: 'binary', maxLength });

/** Strings a fetch Request accepts as a header value: Latin-1 bytes without CR, LF or NUL. */
export const headerValue = (maxLength = 300) =>
  fc
    .string({
      unit: fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code)),
      maxLength,
    })
    .map((value) => value.replace(/[\r\n\0]/g, ' ').trim());

/** Replaces one character of `value` (at `at`, wrapped) by `by`; a different string when it can. */
export function mutate(value: string, at: number, by: string): string {
  const index = Math.abs(at) % value.length;
  const next = value.slice(0, index) + by + value.slice(index + 1);
  return next === value ? `${value}x` : next;
}
