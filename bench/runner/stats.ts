/** @module Small statistics over repeated loads: medians, and ratios that stay readable. */
import type { LoadResult } from './load.js';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Medians of a stack's repeated loads. */
export interface Summary {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly bad: number;
  readonly runs: number;
  /** Median CPU time per request, in µs (NaN when not measured). */
  readonly cpuUs: number;
}

export function summarize(results: readonly LoadResult[]): Summary {
  return {
    rps: median(results.map((result) => result.rps)),
    p50: median(results.map((result) => result.latencyMs.p50)),
    p99: median(results.map((result) => result.latencyMs.p99)),
    bad: results.reduce((sum, result) => sum + result.bad + result.errors, 0),
    runs: results.length,
    cpuUs: median(results.map((result) => result.cpuUsPerRequest ?? Number.NaN)),
  };
}

export function ratio(value: number, baseline: number): number {
  return baseline > 0 ? value / baseline : Number.NaN;
}
