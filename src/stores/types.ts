/**
 * @module The storage ports: small interfaces that the memory, SQL and later
 * Redis stores implement, all checked by one conformance suite.
 *
 * Times are epoch milliseconds. Ids and hashes are opaque strings chosen by the
 * core: a store never sees a cookie value or a token secret, only hashes.
 */

/** A server-side login session. `id` is SHA-256 of the cookie secret, never the secret itself. */
export interface SessionRecord {
  /** base64url SHA-256 of the session cookie's secret. */
  readonly id: string;
  readonly userId: string;
  readonly createdAt: number;
  /** Last request seen, updated at most about once a minute. */
  readonly lastSeenAt: number;
  /** When the session ends: the earlier of the idle deadline and the absolute deadline. */
  readonly expiresAt: number;
  /** The absolute deadline, fixed at creation. */
  readonly absoluteExpiresAt: number;
  /** When the user last proved a password (login or reauthentication); `null` = not fresh. */
  readonly freshAt: number | null;
  /** True when this session was restored from a remember-me cookie. */
  readonly remembered: boolean;
  /** Selector of the remember-me token issued alongside this session, if any. */
  readonly rememberSelector: string | null;
  /** Session-protection fingerprint (hash of client address and user agent); `null` = bind on next request. */
  readonly fingerprint: string | null;
  readonly userAgent: string | null;
  readonly address: string | null;
  /** Small application data (e.g. a CSRF token). JSON-serialisable. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Fields of a session that may change after creation. */
export type SessionPatch = Partial<
  Pick<
    SessionRecord,
    'lastSeenAt' | 'expiresAt' | 'freshAt' | 'fingerprint' | 'data' | 'address' | 'userAgent'
  >
>;

/** Sessions by hashed id. */
export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  /** The session, or `null` when unknown. Expiry is the core's to judge. */
  get(id: string): Promise<SessionRecord | null>;
  /** Changes some fields (activity is `{ lastSeenAt, expiresAt }`); a no-op for an unknown id. */
  update(id: string, patch: SessionPatch): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes every session of a user (but `exceptId`), returning the ids deleted. */
  deleteForUser(userId: string, options?: { exceptId?: string }): Promise<string[]>;
  /** The user's sessions that have not expired at `now`, newest first. */
  listForUser(userId: string, now: number): Promise<SessionRecord[]>;
  /** Deletes sessions whose `expiresAt` is at or before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
  /** Where revocations are announced to every process sharing this store. */
  readonly invalidation?: InvalidationChannel;
}

/**
 * A `selector.validator` token: remember-me, email confirmation, password reset,
 * email change. The store keeps the selector and SHA-256(validator).
 */
export interface TokenRecord {
  readonly selector: string;
  readonly userId: string;
  /** What the token is for, e.g. `remember`, `confirm`, `reset`, `email-change`. */
  readonly purpose: string;
  /** base64url SHA-256 of the current validator. */
  readonly hash: string;
  /** The validator's hash before the last rotation (remember-me grace window). */
  readonly previousHash: string | null;
  readonly rotatedAt: number | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Small purpose-specific data (e.g. the new email address). */
  readonly data: Readonly<Record<string, unknown>> | null;
}

/** The new state of a token after a rotation. */
export interface TokenRotation {
  readonly hash: string;
  readonly previousHash: string;
  readonly rotatedAt: number;
  readonly expiresAt: number;
}

/** Tokens by selector. */
export interface TokenStore {
  create(token: TokenRecord): Promise<void>;
  /** The token, or `null` when unknown. Expiry is the core's to judge. */
  get(selector: string): Promise<TokenRecord | null>;
  /**
   * Atomically replaces the hash, only if the stored hash is still `expectedHash`
   * (compare-and-set). Returns false when another request rotated it first.
   */
  rotate(selector: string, expectedHash: string, next: TokenRotation): Promise<boolean>;
  /**
   * Atomically takes a token: deletes it and returns it, only if it exists, has the
   * given purpose and has not expired at `now`. Exactly one of concurrent callers wins.
   */
  consume(selector: string, purpose: string, now: number): Promise<TokenRecord | null>;
  /** Moves a token's expiry (remember-me refresh). */
  touch(selector: string, expiresAt: number): Promise<void>;
  delete(selector: string): Promise<void>;
  /** Deletes a user's tokens, of one purpose when given; returns how many. */
  deleteForUser(userId: string, purpose?: string): Promise<number>;
  /** A user's unexpired tokens, of one purpose when given, newest first. */
  listForUser(userId: string, now: number, purpose?: string): Promise<TokenRecord[]>;
  deleteExpired(now: number): Promise<number>;
}

/** The value of a counter after an increment. */
export interface CounterValue {
  readonly count: number;
  /** When this window ends and the count starts again from zero. */
  readonly resetAt: number;
}

/** Windowed counters for throttling. */
export interface CounterStore {
  /**
   * Atomically adds one. The first increment (or the first after the window ended)
   * starts a window of `windowMs` from `now` with count 1.
   */
  increment(key: string, windowMs: number, now: number): Promise<CounterValue>;
  /** The current value, or `null` when none or the window has ended. */
  get(key: string, now: number): Promise<CounterValue | null>;
  reset(key: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

/**
 * A revocation announcement: drop these sessions, or everything of this user, from caches; or
 * drop everything (a channel that reconnected and may have missed messages says `all`).
 */
export type Invalidation =
  | { readonly kind: 'sessions'; readonly ids: readonly string[] }
  | { readonly kind: 'user'; readonly userId: string }
  | { readonly kind: 'all' };

/**
 * How revocations reach every process. In-process for memory and SQLite; Redis
 * pub/sub or PostgreSQL LISTEN/NOTIFY when several processes share a store.
 */
export interface InvalidationChannel {
  publish(message: Invalidation): Promise<void>;
  /** Returns a function that unsubscribes. */
  subscribe(listener: (message: Invalidation) => void): () => void;
  /**
   * False while the channel cannot promise delivery (its connection dropped, or it is still
   * catching up after a reconnect): the engine then trusts no cached entry and reads the store
   * on every request. Absent means always live (an in-process channel).
   */
  isLive?(): boolean;
  /** Releases the channel's connections. */
  close?(): Promise<void>;
}

/** The stores a login manager needs. */
export interface Stores {
  readonly sessions: SessionStore;
  readonly tokens: TokenStore;
  readonly counters?: CounterStore;
}
