/** @module Record builders for the store conformance suite. */
import type { SessionRecord, TokenRecord } from '../../src/stores/types.js';

/** 2100-01-01 in epoch ms: far past 2^32, to catch columns too narrow for millisecond times. */
export const T0 = 4_102_444_800_000;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

let serial = 0;

/** A unique id with a readable prefix. */
export function uniqueId(prefix: string): string {
  serial += 1;
  return `${prefix}-${serial}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A session of `userId` created at `T0`, alive for an hour, with every optional field empty. */
export function makeSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: uniqueId('session'),
    userId: 'user-1',
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt: T0 + HOUR,
    absoluteExpiresAt: T0 + 24 * HOUR,
    freshAt: null,
    remembered: false,
    rememberSelector: null,
    fingerprint: null,
    userAgent: null,
    address: null,
    data: {},
    ...overrides,
  };
}

/** A `reset` token of `userId` created at `T0`, alive for an hour, never rotated. */
export function makeToken(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    selector: uniqueId('selector'),
    userId: 'user-1',
    purpose: 'reset',
    hash: 'hash-0',
    previousHash: null,
    rotatedAt: null,
    createdAt: T0,
    expiresAt: T0 + HOUR,
    data: null,
    ...overrides,
  };
}

/** JSON data exercising nesting, arrays, unicode, numbers, booleans and null. */
export const RICH_DATA: Readonly<Record<string, unknown>> = {
  csrf: 'c5rf-t0ken',
  nested: { list: [1, 'two', null, true, { deep: false }] },
  unicode: 'žluťoučký kůň 🐎 "quoted" \\ back',
  ratio: 1.5,
  empty: {},
};
