/** @module Durations: a number of seconds or an object of parts, checked once at configuration. */
import { LatchkeyError } from '../errors.js';

/** A length of time: seconds as a number, or parts such as `{ days: 30 }`. */
export type Duration =
  | number
  | {
      readonly days?: number;
      readonly hours?: number;
      readonly minutes?: number;
      readonly seconds?: number;
    };

const PART_MS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 } as const;

/**
 * Converts a duration to milliseconds, throwing `invalid_duration` (naming `label`)
 * for anything that is not a positive, finite length of time.
 *
 * @example durationToMs({ days: 30 }, 'remember.duration') // 2_592_000_000
 */
export function durationToMs(value: unknown, label: string): number {
  const ms = toMs(value);
  if (ms === null || !Number.isFinite(ms) || ms <= 0) {
    throw new LatchkeyError(
      'invalid_duration',
      `${label} must be a positive number of seconds or a duration object like { days: 30 }, instead got: ${describe(value)}`,
    );
  }
  return ms;
}

function toMs(value: unknown): number | null {
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  let total = 0;
  let parts = 0;
  for (const [key, amount] of Object.entries(value)) {
    if (!Object.hasOwn(PART_MS, key) || typeof amount !== 'number' || amount < 0) return null;
    total += amount * PART_MS[key as keyof typeof PART_MS];
    parts += 1;
  }
  return parts === 0 ? null : total;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
