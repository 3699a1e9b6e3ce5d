/**
 * @module Remember-me and emailed link tokens in Redis: one hash per selector that expires by
 * its own TTL, consumed and rotated by scripts so the check and the write are one step.
 */
import type { Redis } from 'ioredis';
import { LatchkeyError } from '../../errors.js';
import type { TokenRecord, TokenRotation, TokenStore } from '../types.js';
import { toFields, toToken } from './codec.js';
import { type RedisKeys, redisKeys } from './keys.js';
import { scriptsOn } from './scripts.js';
import { whenReachable } from './unavailable.js';
import { RedisUserIndex } from './user-index.js';

/** Options for {@link RedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** Prepended to every key; default `latchkey:`. */
  readonly prefix?: string;
}

/**
 * A {@link TokenStore} in Redis; exactly one of concurrent `consume` or `rotate` callers wins.
 *
 * @example
 * const tokens = new RedisTokenStore(redis, { prefix: 'myapp:' });
 * const taken = await tokens.consume(selector, 'reset', Date.now());
 */
export class RedisTokenStore implements TokenStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #index: RedisUserIndex;

  constructor(redis: Redis, options: RedisTokenStoreOptions = {}) {
    this.#redis = redis;
    this.#keys = redisKeys(options.prefix);
    this.#index = new RedisUserIndex(redis);
  }

  async create(token: TokenRecord): Promise<void> {
    // The index first: a token that exists is always found by deleteForUser.
    await this.#index.add(this.#keys.userTokens(token.userId), token.selector, token.expiresAt);
    const created = await whenReachable(() =>
      scriptsOn(this.#redis).latchkeyCreate(
        this.#keys.token(token.selector),
        String(token.expiresAt),
        ...toFields(token),
      ),
    );
    if (created === 0) {
      throw new LatchkeyError('store_failure', 'A token with this selector already exists.');
    }
  }

  async get(selector: string): Promise<TokenRecord | null> {
    const hash = await whenReachable(() => this.#redis.hgetall(this.#keys.token(selector)));
    return toToken(hash, selector);
  }

  async rotate(selector: string, expectedHash: string, next: TokenRotation): Promise<boolean> {
    if (!(await this.#extendIndex(selector, next.expiresAt))) return false;
    const { hash, previousHash, rotatedAt, expiresAt } = next;
    const rotated = await whenReachable(() =>
      scriptsOn(this.#redis).latchkeyRotate(
        this.#keys.token(selector),
        expectedHash,
        hash,
        previousHash,
        String(rotatedAt),
        String(expiresAt),
      ),
    );
    return rotated === 1;
  }

  async consume(selector: string, purpose: string, now: number): Promise<TokenRecord | null> {
    const fields = await whenReachable(() =>
      scriptsOn(this.#redis).latchkeyConsume(this.#keys.token(selector), purpose, String(now)),
    );
    const token = fields === null ? null : toToken(fields, selector);
    if (token !== null) await this.#index.remove(this.#keys.userTokens(token.userId), [selector]);
    return token;
  }

  async touch(selector: string, expiresAt: number): Promise<void> {
    if (!(await this.#extendIndex(selector, expiresAt))) return;
    await whenReachable(() =>
      scriptsOn(this.#redis).latchkeyTouch(this.#keys.token(selector), String(expiresAt)),
    );
  }

  async delete(selector: string): Promise<void> {
    const key = this.#keys.token(selector);
    const replies = await whenReachable(() =>
      this.#redis.multi().hget(key, 'userId').del(key).exec(),
    );
    const userId = replies?.[0]?.[1];
    if (typeof userId === 'string') {
      await this.#index.remove(this.#keys.userTokens(userId), [selector]);
    }
  }

  async deleteForUser(userId: string, purpose?: string): Promise<number> {
    const indexKey = this.#keys.userTokens(userId);
    const selectors = await this.#index.members(indexKey);
    const scripts = scriptsOn(this.#redis);
    const outcomes = await whenReachable(() =>
      Promise.all(
        selectors.map((s) =>
          scripts.latchkeyDeleteOwned(this.#keys.token(s), userId, purpose ?? ''),
        ),
      ),
    );
    const deleted = selectors.filter((_, i) => outcomes[i] === 1);
    await this.#index.remove(indexKey, deleted);
    return deleted.length;
  }

  async listForUser(userId: string, now: number, purpose?: string): Promise<TokenRecord[]> {
    const selectors = await this.#index.members(this.#keys.userTokens(userId));
    const hashes = await whenReachable(() =>
      Promise.all(selectors.map((s) => this.#redis.hgetall(this.#keys.token(s)))),
    );
    return hashes
      .map((hash, i) => toToken(hash, selectors[i] as string))
      .filter(
        (t): t is TokenRecord =>
          t !== null &&
          t.userId === userId &&
          t.expiresAt > now &&
          (purpose === undefined || t.purpose === purpose),
      )
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Always 0: Redis removes each token when its TTL (its `expiresAt`) passes. */
  async deleteExpired(_now: number): Promise<number> {
    return 0;
  }

  /**
   * Before a token's life is extended, extends its index entry, so the index never forgets a
   * token that still exists. False when the token is unknown.
   */
  async #extendIndex(selector: string, expiresAt: number): Promise<boolean> {
    const userId = await whenReachable(() =>
      this.#redis.hget(this.#keys.token(selector), 'userId'),
    );
    if (userId === null) return false;
    await this.#index.add(this.#keys.userTokens(userId), selector, expiresAt);
    return true;
  }
}
