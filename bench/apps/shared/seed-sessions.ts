/**
 * @module Live sessions made straight in a store (no HTTP), for the 1k-against-1M and memory
 * measures. Secrets are derived from their index, so the runner can build cookies for any of them.
 */
import { createHash } from 'node:crypto';
import { fingerprint } from '../../../src/core/fingerprint.js';
import { hashSecret } from '../../../src/core/token.js';
import type { SessionRecord } from '../../../src/stores/types.js';
import { BENCH_USER, BENCH_USER_AGENT } from './fixture.js';

/** The cookie secret of seeded session `index` (43 base64url characters, as Latchkey's). */
export function seededSecret(index: number): string {
  return createHash('sha256').update(`latchkey-bench-session-${index}`).digest('base64url');
}

/** The loopback client the load tools are, as session protection sees it. */
export const BENCH_FINGERPRINT = fingerprint('127.0.0.1', BENCH_USER_AGENT);

/** Seeded session `index` for the bench user: live for a day, bound to the load tools' client. */
export function seededSession(index: number, now: number): SessionRecord {
  return {
    id: hashSecret(seededSecret(index)),
    userId: BENCH_USER.id,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 86_400_000,
    absoluteExpiresAt: now + 7 * 86_400_000,
    freshAt: now,
    remembered: false,
    rememberSelector: null,
    fingerprint: BENCH_FINGERPRINT,
    userAgent: BENCH_USER_AGENT,
    address: '127.0.0.1',
    data: {},
  };
}

/** Indexes of `sample` seeded sessions spread evenly over `total`. */
export function sampleIndexes(total: number, sample: number): number[] {
  const count = Math.min(total, sample);
  return Array.from({ length: count }, (_, k) => Math.floor((k * total) / count));
}
