/**
 * @module A user's index in Redis: a sorted set of record ids scored by how long each record may
 * live, so per-user work never scans the keyspace and dead members fall out on their own.
 */
import type { Redis } from 'ioredis';
import { scriptsOn } from './scripts.js';
import { whenReachable } from './unavailable.js';

/** The index operations the session and token stores share. */
export class RedisUserIndex {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  /**
   * Records that `member` may live until `liveUntil`. Called before the record is written or
   * its life extended, so the index never forgets a record that still exists.
   */
  add(indexKey: string, member: string, liveUntil: number): Promise<unknown> {
    return whenReachable(() =>
      scriptsOn(this.#redis).latchkeyIndexAdd(indexKey, member, String(liveUntil)),
    );
  }

  /** The members whose time has not passed (a member's record may still be gone already). */
  members(indexKey: string): Promise<string[]> {
    return whenReachable(() => scriptsOn(this.#redis).latchkeyIndexMembers(indexKey));
  }

  /** Forgets members whose records were deleted. */
  async remove(indexKey: string, members: readonly string[]): Promise<void> {
    if (members.length === 0) return;
    await whenReachable(() => this.#redis.zrem(indexKey, ...members));
  }
}
