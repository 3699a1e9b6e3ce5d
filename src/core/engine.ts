/**
 * @module The manager's shared machinery: stores behind in-process caches, and
 * the session operations every request and every revocation goes through.
 */

import { createLocalInvalidationChannel } from '../stores/local-invalidation.js';
import { createMemoryStores } from '../stores/memory/index.js';
import type {
  Invalidation,
  InvalidationChannel,
  SessionPatch,
  SessionRecord,
  Stores,
} from '../stores/types.js';
import type { ResolvedConfig } from './config.js';
import { EventHub, type LatchkeyEvents } from './events.js';
import { TimedCache } from './timed-cache.js';
import { generateSecret, hashSecret } from './token.js';

/** What a new session starts with. */
export type NewSession = Pick<
  SessionRecord,
  'userId' | 'freshAt' | 'remembered' | 'rememberSelector' | 'fingerprint' | 'userAgent' | 'address'
> & { readonly data?: SessionRecord['data'] };

interface CachedUser<U> {
  readonly user: U;
}

/** Internal: one per manager, shared by all its requests. */
export class AuthEngine<U> {
  readonly config: ResolvedConfig<U>;
  readonly stores: Stores;
  readonly events = new EventHub<LatchkeyEvents<U>>();
  readonly channel: InvalidationChannel;
  readonly #sessions: TimedCache<SessionRecord>;
  readonly #users: TimedCache<CachedUser<U>>;
  readonly #unsubscribe: () => void;

  constructor(config: ResolvedConfig<U>, stores: Stores | undefined) {
    this.config = config;
    this.stores = stores ?? createMemoryStores();
    this.channel = this.stores.sessions.invalidation ?? createLocalInvalidationChannel();
    this.#sessions = new TimedCache(config.maxSessions, config.sessionTtlMs, config.clock);
    this.#users = new TimedCache(config.maxUsers, config.userTtlMs, config.clock);
    this.#unsubscribe = this.channel.subscribe((message) => this.#forget(message));
  }

  /** A live session by id: the cache first, the store on a miss; null when unknown or expired. */
  async readSession(id: string): Promise<SessionRecord | null> {
    const now = this.config.clock();
    let session = this.#trustCache() ? (this.#sessions.get(id) ?? null) : null;
    if (!session) {
      session = await this.stores.sessions.get(id);
      if (session) this.#sessions.set(id, session);
    }
    if (!session) return null;
    if (session.expiresAt <= now) {
      await this.endSessions([id]);
      return null;
    }
    return session;
  }

  /**
   * The cached, unexpired session, with no store round trip and no promise: the steady state.
   * Undefined whenever {@link readSession} must decide (a miss, an expired entry, a channel down).
   */
  cachedSession(id: string): SessionRecord | undefined {
    if (!this.#trustCache()) return undefined;
    const session = this.#sessions.get(id);
    return session !== undefined && session.expiresAt > this.config.clock() ? session : undefined;
  }

  /** Creates a session and returns its cookie secret and record. */
  async createSession(init: NewSession): Promise<{ secret: string; session: SessionRecord }> {
    const now = this.config.clock();
    const secret = generateSecret(this.config.random);
    const absoluteExpiresAt = now + this.config.absoluteTimeoutMs;
    const session: SessionRecord = {
      id: hashSecret(secret),
      userId: init.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(now + this.config.idleTimeoutMs, absoluteExpiresAt),
      absoluteExpiresAt,
      freshAt: init.freshAt,
      remembered: init.remembered,
      rememberSelector: init.rememberSelector,
      fingerprint: init.fingerprint,
      userAgent: init.userAgent,
      address: init.address,
      data: init.data ?? {},
    };
    await this.stores.sessions.create(session);
    this.#sessions.set(session.id, session);
    return { secret, session };
  }

  /** True when the session's last activity write is older than the touch interval. */
  touchDue(session: SessionRecord): boolean {
    return this.config.clock() - session.lastSeenAt >= this.config.touchIntervalMs;
  }

  /** Records activity when the last write is older than the touch interval; returns the current record. */
  async touchIfDue(session: SessionRecord): Promise<SessionRecord> {
    const now = this.config.clock();
    if (now - session.lastSeenAt < this.config.touchIntervalMs) return session;
    const expiresAt = Math.min(now + this.config.idleTimeoutMs, session.absoluteExpiresAt);
    await this.stores.sessions.update(session.id, { lastSeenAt: now, expiresAt });
    const touched = { ...session, lastSeenAt: now, expiresAt };
    this.#sessions.set(session.id, touched);
    return touched;
  }

  async updateSession(session: SessionRecord, patch: SessionPatch): Promise<SessionRecord> {
    await this.stores.sessions.update(session.id, patch);
    const updated = { ...session, ...patch };
    this.#sessions.set(session.id, updated);
    return updated;
  }

  /** Deletes sessions everywhere and tells every process to forget them. */
  async endSessions(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await Promise.all(ids.map((id) => this.stores.sessions.delete(id)));
    await this.channel.publish({ kind: 'sessions', ids });
  }

  /** Ends every session (but `exceptId`) and every remember-me token of a user. */
  async revokeUser(userId: string, options: { exceptId?: string; allTokens?: boolean } = {}) {
    const ids = await this.stores.sessions.deleteForUser(userId, {
      ...(options.exceptId ? { exceptId: options.exceptId } : {}),
    });
    await this.stores.tokens.deleteForUser(userId, options.allTokens ? undefined : 'remember');
    if (options.exceptId) await this.channel.publish({ kind: 'sessions', ids });
    else await this.channel.publish({ kind: 'user', userId });
    return ids;
  }

  /** The user for an id: the cache first, the loader on a miss; null when gone. */
  async loadUser(userId: string): Promise<U | null> {
    const cached = this.#trustCache() ? this.#users.get(userId) : undefined;
    if (cached) return cached.user;
    const loader = this.config.userLoader;
    if (!loader) return null;
    const user = (await loader(userId)) ?? null;
    if (user !== null) this.#users.set(userId, { user });
    return user;
  }

  /** The cached user (wrapped, so a falsy user is still a hit), with no loader call; undefined on a miss. */
  cachedUser(userId: string): { readonly user: U } | undefined {
    return this.#trustCache() ? this.#users.get(userId) : undefined;
  }

  /** Drops a user from this process's cache and every other's. */
  async invalidateUser(userId: string): Promise<void> {
    await this.channel.publish({ kind: 'user', userId });
  }

  close(): void {
    this.#unsubscribe();
  }

  /** Fail safe: while revocations may be missed, every lookup goes to the store. */
  #trustCache(): boolean {
    return this.channel.isLive?.() ?? true;
  }

  #forget(message: Invalidation): void {
    if (message.kind === 'sessions') {
      for (const id of message.ids) this.#sessions.delete(id);
    } else if (message.kind === 'all') {
      this.#sessions.clear();
      this.#users.clear();
    } else {
      this.#users.delete(message.userId);
      this.#sessions.deleteWhere((session) => session.userId === message.userId);
    }
  }
}
