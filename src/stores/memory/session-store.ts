/** @module Sessions in process memory: for tests, development and single-process apps. */
import { LatchkeyError } from '../../errors.js';
import { createLocalInvalidationChannel } from '../local-invalidation.js';
import type { InvalidationChannel, SessionPatch, SessionRecord, SessionStore } from '../types.js';
import { UserIndex } from './user-index.js';

/** A session as kept: `data` as JSON text, so nothing the caller holds aliases stored state. */
type StoredSession = { -readonly [K in Exclude<keyof SessionRecord, 'data'>]: SessionRecord[K] } & {
  data: string;
};

/** Options for {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** Where revocations are announced; an in-process channel by default. */
  readonly invalidation?: InvalidationChannel;
}

/**
 * A {@link SessionStore} in a `Map`, indexed by user id; records are copied in and out.
 *
 * @example
 * const sessions = new MemorySessionStore();
 * await sessions.create(record);
 */
export class MemorySessionStore implements SessionStore {
  readonly invalidation: InvalidationChannel;
  readonly #sessions = new Map<string, StoredSession>();
  readonly #byUser = new UserIndex();

  constructor(options: MemorySessionStoreOptions = {}) {
    this.invalidation = options.invalidation ?? createLocalInvalidationChannel();
  }

  async create(session: SessionRecord): Promise<void> {
    if (this.#sessions.has(session.id)) {
      throw new LatchkeyError('store_failure', 'A session with this id already exists.');
    }
    this.#sessions.set(session.id, { ...session, data: JSON.stringify(session.data) });
    this.#byUser.add(session.userId, session.id);
  }

  async get(id: string): Promise<SessionRecord | null> {
    const stored = this.#sessions.get(id);
    return stored === undefined ? null : toRecord(stored);
  }

  async update(id: string, patch: SessionPatch): Promise<void> {
    const stored = this.#sessions.get(id);
    if (stored === undefined) return;
    // Named fields only: a patch carrying anything else (say `userId`) must not reach the record.
    const next: StoredSession = { ...stored };
    if (patch.lastSeenAt !== undefined) next.lastSeenAt = patch.lastSeenAt;
    if (patch.expiresAt !== undefined) next.expiresAt = patch.expiresAt;
    if (patch.freshAt !== undefined) next.freshAt = patch.freshAt;
    if (patch.fingerprint !== undefined) next.fingerprint = patch.fingerprint;
    if (patch.address !== undefined) next.address = patch.address;
    if (patch.userAgent !== undefined) next.userAgent = patch.userAgent;
    if (patch.data !== undefined) next.data = JSON.stringify(patch.data);
    this.#sessions.set(id, next);
  }

  async delete(id: string): Promise<void> {
    const stored = this.#sessions.get(id);
    if (stored === undefined) return;
    this.#sessions.delete(id);
    this.#byUser.remove(stored.userId, id);
  }

  async deleteForUser(userId: string, options: { exceptId?: string } = {}): Promise<string[]> {
    const deleted = this.#byUser.keys(userId).filter((id) => id !== options.exceptId);
    for (const id of deleted) {
      this.#sessions.delete(id);
      this.#byUser.remove(userId, id);
    }
    return deleted;
  }

  async listForUser(userId: string, now: number): Promise<SessionRecord[]> {
    const live: StoredSession[] = [];
    for (const id of this.#byUser.keys(userId)) {
      const stored = this.#sessions.get(id);
      if (stored !== undefined && stored.expiresAt > now) live.push(stored);
    }
    return live.sort((a, b) => b.createdAt - a.createdAt).map(toRecord);
  }

  async deleteExpired(now: number): Promise<number> {
    let count = 0;
    for (const [id, stored] of this.#sessions) {
      if (stored.expiresAt > now) continue;
      this.#sessions.delete(id);
      this.#byUser.remove(stored.userId, id);
      count += 1;
    }
    return count;
  }
}

function toRecord(stored: StoredSession): SessionRecord {
  return { ...stored, data: JSON.parse(stored.data) as Record<string, unknown> };
}
