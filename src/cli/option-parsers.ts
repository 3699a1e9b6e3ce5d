/** @module Option values checked as commander parses them, so a bad one is a usage error (exit 2). */
import { InvalidArgumentError } from 'commander';

/**
 * A parser for a whole number from `min` to `max`.
 *
 * @example program.option('--limit <n>', 'rows per page', wholeNumber(1, 1000), 50)
 */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= min && parsed <= max)) {
      throw new InvalidArgumentError(`Use a whole number from ${min} to ${max}.`);
    }
    return parsed;
  };
}

/**
 * A parser that collects a repeatable option into a list.
 *
 * @example program.option('--map <column=field>', '…', repeatable, [])
 */
export function repeatable(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}
