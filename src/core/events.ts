/** @module Typed events: Flask-Login's signals, plus remember-token theft. */
import type { RequestView } from './request-view.js';

/** What each event carries. `U` is the application's user type. */
export interface LatchkeyEvents<U> {
  userLoggedIn: {
    user: U;
    userId: string;
    remember: boolean;
    fresh: boolean;
    request: RequestView;
  };
  /** `user` is null when the session's user could no longer be loaded. */
  userLoggedOut: { user: U | null; userId: string | null; request: RequestView };
  userLoadedFromCookie: { user: U; userId: string; request: RequestView };
  userLoadedFromRequest: { user: U; request: RequestView };
  userLoginConfirmed: { user: U; userId: string; request: RequestView };
  userUnauthorized: { request: RequestView };
  userNeedsRefresh: { user: U; request: RequestView };
  /** The current user was loaded for this request (lazily, at most once). */
  userAccessed: { request: RequestView };
  sessionProtected: { mode: 'basic' | 'strong'; userId: string; request: RequestView };
  /** A known remember-me selector came with a wrong validator: every session and token of the user was ended. */
  rememberTokenTheft: { userId: string; request: RequestView };
  /** A correct password for a two-factor user: the login now waits for the second factor. */
  secondFactorRequired: { user: U; userId: string; request: RequestView };
  /** The second factor checked out and the pending login became a full, fresh one. */
  secondFactorCompleted: { user: U; userId: string; method: string; request: RequestView };
  /** A wrong second factor for a pending login (or a reauthentication). */
  secondFactorRejected: { userId: string; method: string; request: RequestView };
}

/** A listener for one event. */
export type Listener<T> = (payload: T) => void;

/**
 * A small synchronous, typed event emitter. Listeners run in order; a throwing
 * listener propagates like any other programming error.
 *
 * @example const off = manager.events.on('userLoggedIn', ({ userId }) => log.info({ userId }, 'login'));
 */
export class EventHub<E extends object> {
  readonly #listeners = new Map<keyof E, Set<Listener<never>>>();

  on<K extends keyof E>(name: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** True when someone listens, so a hot path can skip building a payload nobody reads. */
  listens(name: keyof E): boolean {
    return (this.#listeners.get(name)?.size ?? 0) > 0;
  }

  emit<K extends keyof E>(name: K, payload: E[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) (listener as Listener<E[K]>)(payload);
  }
}
