/**
 * @module The Lua scripts behind every check-then-write, so Redis runs each check and its write
 * as one step. Each script touches only the one key it is given.
 */
import type { Redis } from 'ioredis';

const SCRIPTS = {
  /** Writes a hash only when the key is absent, expiring at ARGV[1]; ARGV[2..] are field/value pairs. */
  latchkeyCreate: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1`,
  /**
   * Patches an existing session (a JSON object of strings): ARGV[2] is a JSON object of string
   * fields to set or nulls to remove; ARGV[1] a new expiry or '' to keep the TTL. Every value
   * is a string, so decoding and encoding again changes no digit. Returns userId and
   * absoluteExpiresAt, or nil when there is no such session.
   */
  latchkeySessionPatch: `
local text = redis.call('GET', KEYS[1])
if not text then return false end
local session = cjson.decode(text)
for field, value in pairs(cjson.decode(ARGV[2])) do
  if value == cjson.null then session[field] = nil else session[field] = value end
end
-- cjson writes every '/' as '\\\\/'; the user agent is full of them, so put them back.
local encoded = string.gsub(cjson.encode(session), '\\\\/', '/')
if ARGV[1] == '' then
  redis.call('SET', KEYS[1], encoded, 'KEEPTTL')
else
  redis.call('SET', KEYS[1], encoded, 'PXAT', ARGV[1])
end
return { session.userId, session.absoluteExpiresAt }`,
  /** Deletes the session when it belongs to user ARGV[1]. */
  latchkeySessionDeleteOwned: `
local text = redis.call('GET', KEYS[1])
if not text or cjson.decode(text).userId ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`,
  /** Deletes the token when it belongs to user ARGV[1] (and has purpose ARGV[2] unless ''). */
  latchkeyDeleteOwned: `
local owner = redis.call('HMGET', KEYS[1], 'userId', 'purpose')
if owner[1] ~= ARGV[1] or (ARGV[2] ~= '' and owner[2] ~= ARGV[2]) then return 0 end
return redis.call('DEL', KEYS[1])`,
  /** Takes a token of purpose ARGV[1] unexpired at ARGV[2]: deletes it and returns its fields. */
  latchkeyConsume: `
local token = redis.call('HMGET', KEYS[1], 'purpose', 'expiresAt')
if token[1] ~= ARGV[1] or tonumber(token[2]) <= tonumber(ARGV[2]) then return false end
local fields = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return fields`,
  /** Compare-and-set: when the hash is still ARGV[1], stores the rotation ARGV[2..5]; 1 or 0. */
  latchkeyRotate: `
if redis.call('HGET', KEYS[1], 'hash') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'hash', ARGV[2], 'previousHash', ARGV[3], 'rotatedAt', ARGV[4], 'expiresAt', ARGV[5])
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return 1`,
  /** Moves an existing token's expiry to ARGV[1]. */
  latchkeyTouch: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1`,
  /**
   * Counts in a window: when the window ended at or before ARGV[1] (or there is none), starts one
   * ending at ARGV[2] with count 1. Returns the count and the window's end.
   */
  latchkeyIncrement: `
local resetAt = redis.call('HGET', KEYS[1], 'resetAt')
if resetAt and tonumber(resetAt) > tonumber(ARGV[1]) then
  return { redis.call('HINCRBY', KEYS[1], 'count', 1), resetAt }
end
redis.call('HSET', KEYS[1], 'count', 1, 'resetAt', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return { 1, ARGV[2] }`,
  /**
   * Adds member ARGV[1] to a user index, scored by the latest time ARGV[2] its record may live
   * until (never lowered); drops members whose time has passed on Redis's clock; and keeps the
   * index itself alive as long as its longest-lived member.
   */
  latchkeyIndexAdd: `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. nowMs)
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
if redis.call('PEXPIRETIME', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
end
return 1`,
  /** The members of a user index whose time has not passed on Redis's clock, dropping the rest. */
  latchkeyIndexMembers: `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. nowMs)
return redis.call('ZRANGE', KEYS[1], 0, -1)`,
} as const;

type Arg = string | number;

/** The scripts as typed commands on one connection. */
export interface LatchkeyScripts {
  latchkeyCreate(key: string, expiresAt: Arg, ...pairs: Arg[]): Promise<0 | 1>;
  latchkeySessionPatch(
    key: string,
    expiresAt: Arg,
    patch: string,
  ): Promise<[string, string] | null>;
  latchkeySessionDeleteOwned(key: string, userId: string): Promise<0 | 1>;
  latchkeyDeleteOwned(key: string, userId: string, purpose: string): Promise<0 | 1>;
  latchkeyConsume(key: string, purpose: string, now: Arg): Promise<string[] | null>;
  latchkeyRotate(key: string, expected: string, ...rotation: Arg[]): Promise<0 | 1>;
  latchkeyTouch(key: string, expiresAt: Arg): Promise<0 | 1>;
  latchkeyIncrement(key: string, now: Arg, resetAt: Arg): Promise<[number, string]>;
  latchkeyIndexAdd(key: string, member: string, liveUntil: Arg): Promise<1>;
  latchkeyIndexMembers(key: string): Promise<string[]>;
}

/**
 * The scripts on `redis`, defined once per connection (ioredis sends EVALSHA and falls back to
 * EVAL when the server has not seen a script yet).
 *
 * @example
 * const taken = await scriptsOn(redis).latchkeyConsume(key, 'reset', Date.now());
 */
export function scriptsOn(redis: Redis): LatchkeyScripts {
  const commands = redis as unknown as Redis & Partial<LatchkeyScripts>;
  if (typeof commands.latchkeyCreate !== 'function') {
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      redis.defineCommand(name, { numberOfKeys: 1, lua });
    }
  }
  return commands as unknown as LatchkeyScripts;
}
