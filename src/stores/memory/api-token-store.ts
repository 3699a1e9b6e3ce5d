/** @module API tokens in process memory. */
import { LatchkeyError } from '../../errors.js';
import type { ApiTokenRecord, ApiTokenStore } from '../api-token-store.js';

/**
 * An {@link ApiTokenStore} in a `Map`; records are frozen copies, so nothing a caller holds
 * aliases stored state.
 *
 * @example const tokens = new ApiTokens({ store: new MemoryApiTokenStore() });
 */
export class MemoryApiTokenStore implements ApiTokenStore {
  readonly #tokens = new Map<string, ApiTokenRecord>();

  async create(token: ApiTokenRecord): Promise<void> {
    if (this.#tokens.has(token.id)) {
      throw new LatchkeyError('store_failure', 'An API token with this id already exists.');
    }
    this.#tokens.set(token.id, freeze(token));
  }

  async get(id: string): Promise<ApiTokenRecord | null> {
    return this.#tokens.get(id) ?? null;
  }

  async touch(id: string, lastUsedAt: number): Promise<void> {
    const token = this.#tokens.get(id);
    if (token) this.#tokens.set(id, freeze({ ...token, lastUsedAt }));
  }

  async delete(id: string): Promise<boolean> {
    return this.#tokens.delete(id);
  }

  async deleteForUser(userId: string): Promise<number> {
    return this.#deleteWhere((token) => token.userId === userId);
  }

  async listForUser(userId: string, now: number): Promise<ApiTokenRecord[]> {
    return [...this.#tokens.values()]
      .filter((token) => token.userId === userId && token.expiresAt > now)
      .reverse()
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  async deleteExpired(now: number): Promise<number> {
    return this.#deleteWhere((token) => token.expiresAt <= now);
  }

  #deleteWhere(predicate: (token: ApiTokenRecord) => boolean): number {
    let deleted = 0;
    for (const [id, token] of this.#tokens) {
      if (predicate(token) && this.#tokens.delete(id)) deleted += 1;
    }
    return deleted;
  }
}

function freeze(token: ApiTokenRecord): ApiTokenRecord {
  return Object.freeze({ ...token, scopes: Object.freeze([...token.scopes]) });
}
