/** @module The login manager: configuration, stores and caches, and the revocation API. */
import type { InvalidationChannel, Stores } from '../stores/types.js';
import { type LoginManagerOptions, type ResolvedConfig, resolveConfig } from './config.js';
import { AuthEngine } from './engine.js';
import type { LatchkeyEvents, Listener } from './events.js';
import { RequestAuth } from './request-auth.js';
import type { RequestView } from './request-view.js';
import { type SessionInfo, toSessionInfo } from './session-info.js';

/**
 * Answers "who is this, and may they be here?" for every request of one or
 * more apps. Generic over the application's user type.
 *
 * @example
 * const manager = new LoginManager<User>({ userLoader: (id) => db.findUser(id), loginView: '/login' });
 */
export class LoginManager<U> {
  readonly #engine: AuthEngine<U>;

  constructor(options: LoginManagerOptions<U>) {
    this.#engine = new AuthEngine(resolveConfig(options), options.stores);
  }

  /** The resolved, frozen configuration. */
  get config(): ResolvedConfig<U> {
    return this.#engine.config;
  }

  get stores(): Stores {
    return this.#engine.stores;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends keyof LatchkeyEvents<U>>(
    name: K,
    listener: Listener<LatchkeyEvents<U>[K]>,
  ): () => void {
    return this.#engine.events.on(name, listener);
  }

  /** Starts one request's auth state (adapters call this). */
  begin(request: RequestView): RequestAuth<U> {
    return new RequestAuth(this.#engine, request);
  }

  /** Ends one session (by the id shown in `listSessions`), in every process at once. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.#engine.endSessions([sessionId]);
  }

  /**
   * Ends every session and remember-me token of a user (admin force-logout), or all
   * but one session; returns how many sessions ended.
   */
  async revokeUserSessions(
    userId: string,
    options: { exceptSessionId?: string } = {},
  ): Promise<number> {
    const ids = await this.#engine.revokeUser(userId, {
      ...(options.exceptSessionId ? { exceptId: options.exceptSessionId } : {}),
    });
    return ids.length;
  }

  /** A user's live sessions, newest first: user agent, address, created and last seen. */
  async listSessions(userId: string): Promise<SessionInfo[]> {
    const sessions = await this.#engine.stores.sessions.listForUser(userId, this.config.clock());
    return sessions.map(toSessionInfo);
  }

  /** The user for an id through the manager's user cache (the `userLoader` on a miss); null when gone. */
  loadUser(userId: string): Promise<U | null> {
    return this.#engine.loadUser(userId);
  }

  /** The channel revocations travel on; other caches (API tokens) subscribe to it too. */
  get invalidation(): InvalidationChannel {
    return this.#engine.channel;
  }

  /** Drops a user from every process's cache: call it after changing or disabling the user. */
  async invalidateUser(userId: string): Promise<void> {
    await this.#engine.invalidateUser(userId);
  }

  /** Deletes expired sessions and tokens; run it from a timer or a cron job. */
  async deleteExpired(): Promise<{ sessions: number; tokens: number }> {
    const now = this.config.clock();
    const [sessions, tokens] = await Promise.all([
      this.#engine.stores.sessions.deleteExpired(now),
      this.#engine.stores.tokens.deleteExpired(now),
    ]);
    return { sessions, tokens };
  }

  /** Stops listening for invalidations (the stores are the caller's to close). */
  close(): void {
    this.#engine.close();
  }
}
