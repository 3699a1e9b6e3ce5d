/**
 * @module Records in Redis. A token is a hash; a session is one JSON object (a session's user
 * agent is longer than Redis keeps in a compact hash, and a string takes half the bytes). In
 * both, every value is text: numbers in decimal, `null` as an absent field, `data` as JSON text.
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

/** A session as the JSON text stored under its key. */
export function sessionJson(session: SessionRecord): string {
  return JSON.stringify(pairsToHash(toFields(session)));
}

/** A patch as JSON text for the patch script: text values to set, nulls to remove; null when empty. */
export function patchJson(patch: SessionPatch): string | null {
  const fields: Record<string, string | null> = pairsToHash(toFields(patch));
  for (const [field, value] of Object.entries(patch)) if (value === null) fields[field] = null;
  return Object.keys(fields).length === 0 ? null : JSON.stringify(fields);
}

/** The session stored as `text`, or null when there is none (or it is unreadable). */
export function parseSession(text: string | null, id: string): SessionRecord | null {
  const hash = parseJsonObject(text);
  return hash === null ? null : toSession(hash as RedisHash, id);
}

/** The fields a session patch may change, in one place so nothing else slips into a write. */
export function pickPatch(patch: SessionPatch): SessionPatch {
  const { lastSeenAt, expiresAt, freshAt, fingerprint, data, address, userAgent } = patch;
  return { lastSeenAt, expiresAt, freshAt, fingerprint, data, address, userAgent };
}

/** The session in its stored fields, or null when they hold none. */
function toSession(hash: RedisHash, id: string): SessionRecord | null {
  if (typeof hash.userId !== 'string') return null;
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
