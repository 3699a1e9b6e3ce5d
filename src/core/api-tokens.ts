/**
 * @module API tokens for scripts and services: `lk_<id>.<secret>` bearer tokens (128-bit id,
 * 256-bit secret) with a name, scopes and an expiry, kept only as SHA-256 and revocable at
 * once. Verified tokens are cached in process like sessions; a revocation reaches every
 * process through the invalidation channel.
 */

import { type Clock, type RandomSource, systemClock, systemRandom } from '../clock.js';
import { LatchkeyError } from '../errors.js';
import type { ApiTokenRecord, ApiTokenStore } from '../stores/api-token-store.js';
import { createLocalInvalidationChannel } from '../stores/local-invalidation.js';
import type { Invalidation, InvalidationChannel } from '../stores/types.js';
import { type Duration, durationToMs } from './duration.js';
import type { RequestView } from './request-view.js';
import { TimedCache } from './timed-cache.js';
import { generateSplitToken, hashesEqual, hashSecret, parseSplitToken } from './token.js';

/** Every token value starts with this, so scanners and people can tell what leaked. */
export const API_TOKEN_PREFIX = 'lk_';
const MINUTE = 60_000;
const DAY = 86_400_000;
/** `Bearer` and one token of RFC 6750's b64token characters; longer headers are not ours. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]{1,200}=*) *$/i;

/** What may be shown about a token (never its value). */
export interface ApiTokenInfo {
  /** The token's public id; pass it to `revoke`. */
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly lastUsedAt: number | null;
}

/** Options of {@link ApiTokens}. */
export interface ApiTokensOptions {
  readonly store: ApiTokenStore;
  /** Where revocations are announced (use the login manager's `invalidation`); default in-process. */
  readonly invalidation?: InvalidationChannel;
  /** Longest lifetime `issue` accepts; default 365 days. */
  readonly maxLifetime?: Duration;
  /** Most verified tokens kept in process (default 10 000; 0 turns the cache off) and for how long (default 60 s). */
  readonly cache?: { readonly maxTokens?: number; readonly ttl?: Duration };
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/** Options of {@link ApiTokens.issue}. */
export interface IssueApiTokenOptions {
  readonly name: string;
  readonly scopes?: readonly string[];
  /** Lifetime; default 30 days, at most `maxLifetime`. */
  readonly expiresIn?: Duration;
}

/** A cached token: the record as read, and its last use as this process knows it. */
interface Cached {
  readonly record: ApiTokenRecord;
  lastUsedAt: number | null;
}

/**
 * Issues, verifies, lists and revokes API tokens.
 *
 * @example
 * const tokens = new ApiTokens({ store, invalidation: manager.invalidation });
 * const { token } = await tokens.issue(user.id, { name: 'deploy', scopes: ['profile:read'] });
 * const info = await tokens.authenticate(request.headers.get('authorization'));
 */
export class ApiTokens {
  readonly #store: ApiTokenStore;
  readonly #channel: InvalidationChannel;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #maxLifetimeMs: number;
  readonly #cache: TimedCache<Cached>;
  readonly #verified = new WeakMap<RequestView, ApiTokenInfo>();
  readonly #unsubscribe: () => void;

  constructor(options: ApiTokensOptions) {
    this.#store = options.store;
    this.#channel = options.invalidation ?? createLocalInvalidationChannel();
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandom;
    this.#maxLifetimeMs = durationToMs(options.maxLifetime ?? { days: 365 }, 'maxLifetime');
    const maxTokens = options.cache?.maxTokens ?? 10_000;
    if (!Number.isInteger(maxTokens) || maxTokens < 0) {
      throw new LatchkeyError('config_invalid', 'cache.maxTokens must be a whole number ≥ 0.');
    }
    const ttlMs = durationToMs(options.cache?.ttl ?? 60, 'cache.ttl');
    this.#cache = new TimedCache(maxTokens, ttlMs, this.#clock);
    this.#unsubscribe = this.#channel.subscribe((message) => this.#forget(message));
  }

  /** The store the tokens are kept in, for a write that must join a transaction (see `issue`). */
  get store(): ApiTokenStore {
    return this.#store;
  }

  /**
   * Creates a token; its value is returned this once and never stored. Throws `config_invalid`
   * for a lifetime beyond `maxLifetime` (check user input before). `store` writes the record
   * through another copy of the store, one bound to a transaction, so that it commits with
   * whatever else the transaction writes.
   */
  async issue(
    userId: string,
    options: IssueApiTokenOptions,
    store: ApiTokenStore = this.#store,
  ): Promise<{ token: string; info: ApiTokenInfo }> {
    const lifetimeMs = durationToMs(options.expiresIn ?? { days: 30 }, 'expiresIn');
    if (lifetimeMs > this.#maxLifetimeMs) {
      const days = Math.floor(this.#maxLifetimeMs / DAY);
      throw new LatchkeyError('config_invalid', `expiresIn must be at most ${days} days.`);
    }
    const now = this.#clock();
    const split = generateSplitToken(this.#random);
    const record: ApiTokenRecord = {
      id: split.selector,
      userId,
      name: options.name,
      scopes: [...new Set(options.scopes ?? [])],
      hash: split.hash,
      createdAt: now,
      expiresAt: now + lifetimeMs,
      lastUsedAt: null,
    };
    await store.create(record);
    return { token: `${API_TOKEN_PREFIX}${split.value}`, info: toInfo(record, null) };
  }

  /** The token's info when it is genuine, unexpired and not revoked; null otherwise (never throws). */
  async verify(token: string | null | undefined): Promise<ApiTokenInfo | null> {
    const parsed = token?.startsWith(API_TOKEN_PREFIX)
      ? parseSplitToken(token.slice(API_TOKEN_PREFIX.length))
      : null;
    if (!parsed) return null;
    const entry = await this.#read(parsed.selector);
    const now = this.#clock();
    if (!entry || entry.record.expiresAt <= now) return null;
    if (!hashesEqual(hashSecret(parsed.validator), entry.record.hash)) return null;
    // The one steady-state write: last use, at most once a minute per process.
    if (entry.lastUsedAt === null || now - entry.lastUsedAt >= MINUTE) {
      entry.lastUsedAt = now;
      await this.#store.touch(entry.record.id, now);
    }
    return toInfo(entry.record, entry.lastUsedAt);
  }

  /** Verifies the token of an `Authorization: Bearer …` header; null for anything else. */
  authenticate(authorization: string | null | undefined): Promise<ApiTokenInfo | null> {
    const match = BEARER.exec(authorization ?? '');
    return match ? this.verify(match[1]) : Promise.resolve(null);
  }

  /** A login-manager request loader reading `Authorization: Bearer lk_…`, loading the owner. */
  requestLoader<U>(
    loadUser: (id: string) => Promise<U | null> | U | null,
  ): (request: RequestView) => Promise<U | null> {
    return async (request) => {
      const info = await this.authenticate(request.header('authorization'));
      if (!info) return null;
      const user = await loadUser(info.userId);
      if (user !== null) this.#verified.set(request, info);
      return user;
    };
  }

  /** The token that authenticated this request through {@link requestLoader}, if one did. */
  tokenOf(request: RequestView): ApiTokenInfo | null {
    return this.#verified.get(request) ?? null;
  }

  /** True when this request was authenticated by a token granting `scope`. */
  hasScope(request: RequestView, scope: string): boolean {
    return this.tokenOf(request)?.scopes.includes(scope) ?? false;
  }

  /** A user's unexpired tokens, newest first. */
  async list(userId: string): Promise<ApiTokenInfo[]> {
    const records = await this.#store.listForUser(userId, this.#clock());
    return records.map((record) => toInfo(record, record.lastUsedAt));
  }

  /**
   * Ends one of the user's tokens in every process at once; false when the user has no such
   * token. Given `store` (a copy bound to a transaction, as for `issue`), it deletes through
   * that and tells no process: call `forgetUser` once the transaction has committed, since a
   * process told earlier could read the token back from the uncommitted store and cache it again.
   */
  async revoke(userId: string, id: string, store?: ApiTokenStore): Promise<boolean> {
    const through = store ?? this.#store;
    const record = await through.get(id);
    if (record?.userId !== userId || !(await through.delete(id))) return false;
    if (store === undefined) await this.forgetUser(userId);
    return true;
  }

  /** Ends every token of a user in every process at once; returns how many. */
  async revokeForUser(userId: string): Promise<number> {
    const count = await this.#store.deleteForUser(userId);
    await this.forgetUser(userId);
    return count;
  }

  /**
   * Drops the user's tokens from every process's cache, so the next use reads the store: for
   * a token deleted straight in the store (in a transaction: call it once that has committed).
   */
  async forgetUser(userId: string): Promise<void> {
    await this.#channel.publish({ kind: 'user', userId });
  }

  /** Deletes expired tokens; run it from a timer or a cron job. */
  deleteExpired(): Promise<number> {
    return this.#store.deleteExpired(this.#clock());
  }

  /** Stops listening for revocations. */
  close(): void {
    this.#unsubscribe();
  }

  async #read(id: string): Promise<Cached | null> {
    const trusted = this.#channel.isLive?.() ?? true;
    const cached = trusted ? this.#cache.get(id) : undefined;
    if (cached) return cached;
    const record = await this.#store.get(id);
    if (!record) return null;
    const entry: Cached = { record, lastUsedAt: record.lastUsedAt };
    this.#cache.set(id, entry);
    return entry;
  }

  #forget(message: Invalidation): void {
    if (message.kind === 'all') this.#cache.clear();
    else if (message.kind === 'user') {
      this.#cache.deleteWhere((entry) => entry.record.userId === message.userId);
    }
  }
}

function toInfo(record: ApiTokenRecord, lastUsedAt: number | null): ApiTokenInfo {
  const { id, userId, name, scopes, createdAt, expiresAt } = record;
  return { id, userId, name, scopes: [...scopes], createdAt, expiresAt, lastUsedAt };
}
