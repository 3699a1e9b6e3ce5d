/**
 * @module API keys for machine clients: `lk_<selector>.<validator>` bearer
 * tokens with a name, scopes and an expiry, stored hashed in the token store and
 * revocable at once. Authenticated through the request loader, so an API request
 * never creates a session.
 */

import { type Clock, type RandomSource, systemClock, systemRandom } from '../clock.js';
import type { TokenRecord, TokenStore } from '../stores/types.js';
import { type Duration, durationToMs } from './duration.js';
import type { RequestView } from './request-view.js';
import { findTokenRecord, issueTokenRecord } from './token-record.js';

const PURPOSE = 'api-key';
const PREFIX = 'lk_';

/** What may be shown about a key (never the key itself). */
export interface ApiKeyInfo {
  /** The key's public id (its selector); pass it to `revoke`. */
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Options of {@link ApiKeys.issue}. */
export interface IssueApiKeyOptions {
  readonly name: string;
  readonly scopes?: readonly string[];
  /** Lifetime; default 90 days. */
  readonly expiresIn?: Duration;
}

/**
 * Issues, verifies, lists and revokes API keys.
 *
 * @example
 * const keys = new ApiKeys(stores.tokens);
 * const manager = new LoginManager({ userLoader, requestLoader: keys.requestLoader(userLoader) });
 * app.get('/api/items', loginRequired({ authorize: (_u, auth) => keys.hasScope(auth.request, 'items:read') }), …);
 */
export class ApiKeys {
  readonly #tokens: TokenStore;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #verified = new WeakMap<RequestView, ApiKeyInfo>();

  constructor(tokens: TokenStore, options: { clock?: Clock; random?: RandomSource } = {}) {
    this.#tokens = tokens;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandom;
  }

  /** Creates a key; the returned `key` is shown to its owner once and never stored. */
  async issue(
    userId: string,
    options: IssueApiKeyOptions,
  ): Promise<{ key: string; info: ApiKeyInfo }> {
    const now = this.#clock();
    const { value, record } = await issueTokenRecord(this.#tokens, this.#random, {
      userId,
      purpose: PURPOSE,
      createdAt: now,
      expiresAt: now + durationToMs(options.expiresIn ?? { days: 90 }, 'expiresIn'),
      data: { name: options.name, scopes: [...(options.scopes ?? [])] },
    });
    return { key: `${PREFIX}${value}`, info: toInfo(record) };
  }

  /** The key's info when it is genuine and unexpired; null otherwise (never throws). */
  async verify(key: string | null | undefined): Promise<ApiKeyInfo | null> {
    if (!key?.startsWith(PREFIX)) return null;
    const match = await findTokenRecord(
      this.#tokens,
      key.slice(PREFIX.length),
      PURPOSE,
      this.#clock(),
    );
    return match.kind === 'current' ? toInfo(match.record) : null;
  }

  /** A request loader reading `Authorization: Bearer lk_…`, loading the key's owner. */
  requestLoader<U>(
    loadUser: (id: string) => Promise<U | null> | U | null,
  ): (request: RequestView) => Promise<U | null> {
    return async (request) => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '');
      const info = await this.verify(match?.[1]);
      if (!info) return null;
      const user = await loadUser(info.userId);
      if (user !== null) this.#verified.set(request, info);
      return user;
    };
  }

  /** The key that authenticated this request, if one did. */
  keyOf(request: RequestView): ApiKeyInfo | null {
    return this.#verified.get(request) ?? null;
  }

  /** True when this request was authenticated by a key granting `scope`. */
  hasScope(request: RequestView, scope: string): boolean {
    return this.keyOf(request)?.scopes.includes(scope) ?? false;
  }

  /** A user's unexpired keys, newest first. */
  async list(userId: string): Promise<ApiKeyInfo[]> {
    return (await this.#tokens.listForUser(userId, this.#clock(), PURPOSE)).map(toInfo);
  }

  /** Ends one key at once. */
  async revoke(id: string): Promise<void> {
    const record = await this.#tokens.get(id);
    if (record?.purpose === PURPOSE) await this.#tokens.delete(id);
  }

  /** Ends every key of a user; returns how many. */
  revokeForUser(userId: string): Promise<number> {
    return this.#tokens.deleteForUser(userId, PURPOSE);
  }
}

function toInfo(record: TokenRecord): ApiKeyInfo {
  const data = record.data ?? {};
  const scopes = Array.isArray(data.scopes) ? data.scopes.filter((s) => typeof s === 'string') : [];
  return {
    id: record.selector,
    userId: record.userId,
    name: typeof data.name === 'string' ? data.name : '',
    scopes,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  };
}
