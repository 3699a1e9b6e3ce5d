/**
 * @module Sessions and tokens as Redis hashes: one field per record field, numbers as decimal
 * text, `null` as an absent field, `data` as JSON text.
 */
import { parseJsonObject } from '../sql/json-data.js';
import type { SessionPatch, SessionRecord, TokenRecord } from '../types.js';

/** A hash as HGETALL returns it. */
export type RedisHash = Record<string, string>;

/** Field/value pairs for HSET, leaving out nulls and the key's own id; `data` becomes JSON text. */
export function toFields(record: SessionRecord | TokenRecord | SessionPatch): string[] {
  const pairs: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (value === null || value === undefined || field === 'id' || field === 'selector') continue;
    pairs.push(field, encode(field, value));
  }
  return pairs;
}

/** The fields a patch sets to null, to be deleted from the hash. */
export function nulledFields(patch: SessionPatch): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value === null)
    .map(([field]) => field);
}

/** The fields a session patch may change, in one place so nothing else slips into a write. */
export function pickPatch(patch: SessionPatch): SessionPatch {
  const { lastSeenAt, expiresAt, freshAt, fingerprint, data, address, userAgent } = patch;
  return { lastSeenAt, expiresAt, freshAt, fingerprint, data, address, userAgent };
}

/** The session in a hash, or null when the hash is empty (unknown or expired key). */
export function toSession(hash: RedisHash, id: string): SessionRecord | null {
  if (hash.userId === undefined) return null;
  return {
    id,
    userId: hash.userId,
    createdAt: Number(hash.createdAt),
    lastSeenAt: Number(hash.lastSeenAt),
    expiresAt: Number(hash.expiresAt),
    absoluteExpiresAt: Number(hash.absoluteExpiresAt),
    freshAt: optionalNumber(hash.freshAt),
    remembered: hash.remembered === '1',
    rememberSelector: hash.rememberSelector ?? null,
    fingerprint: hash.fingerprint ?? null,
    userAgent: hash.userAgent ?? null,
    address: hash.address ?? null,
    data: parseJsonObject(hash.data ?? null) ?? {},
  };
}

/** The token in a hash (HGETALL's object or a script's flat field list), or null when empty. */
export function toToken(raw: RedisHash | string[], selector: string): TokenRecord | null {
  const hash = Array.isArray(raw) ? pairsToHash(raw) : raw;
  if (hash.userId === undefined || hash.purpose === undefined || hash.hash === undefined) {
    return null;
  }
  return {
    selector,
    userId: hash.userId,
    purpose: hash.purpose,
    hash: hash.hash,
    previousHash: hash.previousHash ?? null,
    rotatedAt: optionalNumber(hash.rotatedAt),
    createdAt: Number(hash.createdAt),
    expiresAt: Number(hash.expiresAt),
    data: parseJsonObject(hash.data ?? null),
  };
}

function encode(field: string, value: unknown): string {
  if (field === 'data') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

function optionalNumber(text: string | undefined): number | null {
  return text === undefined ? null : Number(text);
}

function pairsToHash(pairs: string[]): RedisHash {
  const hash: RedisHash = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) hash[pairs[i] as string] = pairs[i + 1] as string;
  return hash;
}
