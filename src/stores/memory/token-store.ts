/** @module Single-use and remember-me tokens in process memory. */
import { LatchkeyError } from '../../errors.js';
import type { TokenRecord, TokenRotation, TokenStore } from '../types.js';
import { UserIndex } from './user-index.js';

/** A token as kept: `data` as JSON text, so nothing the caller holds aliases stored state. */
type StoredToken = Omit<TokenRecord, 'data'> & { data: string | null };

/**
 * A {@link TokenStore} in a `Map`, indexed by user id. Each method runs without
 * awaiting, so `rotate` and `consume` are atomic within the process.
 *
 * @example
 * const tokens = new MemoryTokenStore();
 * const taken = await tokens.consume(selector, 'reset', Date.now());
 */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredToken>();
  readonly #byUser = new UserIndex();

  async create(token: TokenRecord): Promise<void> {
    if (this.#tokens.has(token.selector)) {
      throw new LatchkeyError('store_failure', 'A token with this selector already exists.');
    }
    const data = token.data === null ? null : JSON.stringify(token.data);
    this.#tokens.set(token.selector, { ...token, data });
    this.#byUser.add(token.userId, token.selector);
  }

  async get(selector: string): Promise<TokenRecord | null> {
    const stored = this.#tokens.get(selector);
    return stored === undefined ? null : toRecord(stored);
  }

  async rotate(selector: string, expectedHash: string, next: TokenRotation): Promise<boolean> {
    const stored = this.#tokens.get(selector);
    if (stored === undefined || stored.hash !== expectedHash) return false;
    const { hash, previousHash, rotatedAt, expiresAt } = next;
    this.#tokens.set(selector, { ...stored, hash, previousHash, rotatedAt, expiresAt });
    return true;
  }

  async consume(selector: string, purpose: string, now: number): Promise<TokenRecord | null> {
    const stored = this.#tokens.get(selector);
    if (stored === undefined || stored.purpose !== purpose || stored.expiresAt <= now) return null;
    this.#remove(stored);
    return toRecord(stored);
  }

  async touch(selector: string, expiresAt: number): Promise<void> {
    const stored = this.#tokens.get(selector);
    if (stored !== undefined) this.#tokens.set(selector, { ...stored, expiresAt });
  }

  async delete(selector: string): Promise<void> {
    const stored = this.#tokens.get(selector);
    if (stored !== undefined) this.#remove(stored);
  }

  async deleteForUser(userId: string, purpose?: string): Promise<number> {
    const doomed = this.#ofUser(userId, purpose);
    for (const stored of doomed) this.#remove(stored);
    return doomed.length;
  }

  async listForUser(userId: string, now: number, purpose?: string): Promise<TokenRecord[]> {
    return this.#ofUser(userId, purpose)
      .filter((stored) => stored.expiresAt > now)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(toRecord);
  }

  async deleteExpired(now: number): Promise<number> {
    let count = 0;
    for (const stored of this.#tokens.values()) {
      if (stored.expiresAt > now) continue;
      this.#remove(stored);
      count += 1;
    }
    return count;
  }

  #ofUser(userId: string, purpose: string | undefined): StoredToken[] {
    const found: StoredToken[] = [];
    for (const selector of this.#byUser.keys(userId)) {
      const stored = this.#tokens.get(selector);
      if (stored !== undefined && (purpose === undefined || stored.purpose === purpose)) {
        found.push(stored);
      }
    }
    return found;
  }

  #remove(stored: StoredToken): void {
    this.#tokens.delete(stored.selector);
    this.#byUser.remove(stored.userId, stored.selector);
  }
}

function toRecord(stored: StoredToken): TokenRecord {
  const data = stored.data === null ? null : (JSON.parse(stored.data) as Record<string, unknown>);
  return { ...stored, data };
}
