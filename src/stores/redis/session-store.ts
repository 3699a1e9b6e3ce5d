/**
 * @module Sessions in Redis: one JSON string per session that expires by its own TTL, and a
 * per-user index for listing and revoking a user's sessions.
 */
import type { Redis } from 'ioredis';
import { LatchkeyError } from '../../errors.js';
import type { InvalidationChannel, SessionPatch, SessionRecord, SessionStore } from '../types.js';
import { parseSession, patchJson, pickPatch, sessionJson } from './codec.js';
import { type RedisKeys, redisKeys } from './keys.js';
import { scriptsOn } from './scripts.js';
import { whenReachable } from './unavailable.js';
import { RedisUserIndex } from './user-index.js';

/** Options for {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** Prepended to every key; default `latchkey:`. */
  readonly prefix?: string;
  /** Where revocations are announced: a Redis channel, so every process hears them. */
  readonly invalidation: InvalidationChannel;
}

/**
 * A {@link SessionStore} in Redis. Expired sessions vanish by TTL, so `deleteExpired` has
 * nothing to do.
 *
 * @example
 * const invalidation = createRedisInvalidationChannel(redis);
 * const sessions = new RedisSessionStore(redis, { invalidation });
 */
export class RedisSessionStore implements SessionStore {
  readonly invalidation: InvalidationChannel;
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #index: RedisUserIndex;

  constructor(redis: Redis, options: RedisSessionStoreOptions) {
    this.#redis = redis;
    this.#keys = redisKeys(options.prefix);
    this.#index = new RedisUserIndex(redis);
    this.invalidation = options.invalidation;
  }

  async create(session: SessionRecord): Promise<void> {
    // The index first: a session that exists is always found by deleteForUser.
    const liveUntil = Math.max(session.expiresAt, session.absoluteExpiresAt);
    await this.#index.add(this.#keys.userSessions(session.userId), session.id, liveUntil);
    const key = this.#keys.session(session.id);
    const json = sessionJson(session);
    const created = await whenReachable(() =>
      this.#redis.set(key, json, 'PXAT', session.expiresAt, 'NX'),
    );
    if (created === null) {
      throw new LatchkeyError('store_failure', 'A session with this id already exists.');
    }
  }

  async get(id: string): Promise<SessionRecord | null> {
    const text = await whenReachable(() => this.#redis.get(this.#keys.session(id)));
    return parseSession(text, id);
  }

  async update(id: string, patch: SessionPatch): Promise<void> {
    const picked = pickPatch(patch);
    const json = patchJson(picked);
    if (json === null) return;
    const expiresAt = picked.expiresAt === undefined ? '' : String(picked.expiresAt);
    const owner = await whenReachable(() =>
      scriptsOn(this.#redis).latchkeySessionPatch(this.#keys.session(id), expiresAt, json),
    );
    const [userId, absolute] = owner ?? [];
    // The index lives until the absolute deadline; only a session moved past it needs more.
    if (userId && picked.expiresAt !== undefined && picked.expiresAt > Number(absolute)) {
      await this.#index.add(this.#keys.userSessions(userId), id, picked.expiresAt);
    }
  }

  async delete(id: string): Promise<void> {
    const key = this.#keys.session(id);
    const replies = await whenReachable(() => this.#redis.multi().get(key).del(key).exec());
    const text = replies?.[0]?.[1];
    const userId = parseSession(typeof text === 'string' ? text : null, id)?.userId;
    if (userId !== undefined) await this.#index.remove(this.#keys.userSessions(userId), [id]);
  }

  async deleteForUser(userId: string, options: { exceptId?: string } = {}): Promise<string[]> {
    const indexKey = this.#keys.userSessions(userId);
    const ids = (await this.#index.members(indexKey)).filter((id) => id !== options.exceptId);
    const scripts = scriptsOn(this.#redis);
    const outcomes = await whenReachable(() =>
      Promise.all(
        ids.map((id) => scripts.latchkeySessionDeleteOwned(this.#keys.session(id), userId)),
      ),
    );
    const deleted = ids.filter((_, i) => outcomes[i] === 1);
    await this.#index.remove(indexKey, deleted);
    return deleted;
  }

  async listForUser(userId: string, now: number): Promise<SessionRecord[]> {
    const ids = await this.#index.members(this.#keys.userSessions(userId));
    const texts = await whenReachable(() =>
      Promise.all(ids.map((id) => this.#redis.get(this.#keys.session(id)))),
    );
    return texts
      .map((text, i) => parseSession(text, ids[i] as string))
      .filter((s): s is SessionRecord => s !== null && s.userId === userId && s.expiresAt > now)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Always 0: Redis removes each session when its TTL (its `expiresAt`) passes. */
  async deleteExpired(_now: number): Promise<number> {
    return 0;
  }
}
