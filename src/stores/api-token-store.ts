/**
 * @module The API token port: machine credentials kept by their public id, with the SHA-256 of
 * their secret, never the secret. Memory here; SQL with the accounts tables.
 */

/** One API token as stored. Times are epoch milliseconds. */
export interface ApiTokenRecord {
  /** The token's public id (its selector): shown in lists, used to revoke. */
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  /** base64url SHA-256 of the token's secret part. */
  readonly hash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The last request it authenticated, written at most about once a minute; null: never used. */
  readonly lastUsedAt: number | null;
}

/** API tokens by id. Expiry is the core's to judge, except in `listForUser` and `deleteExpired`. */
export interface ApiTokenStore {
  create(token: ApiTokenRecord): Promise<void>;
  /** The token, or `null` when unknown (or revoked). */
  get(id: string): Promise<ApiTokenRecord | null>;
  /** Records a use; a no-op for an unknown id. */
  touch(id: string, lastUsedAt: number): Promise<void>;
  /** Deletes one token (revocation); true when it existed. */
  delete(id: string): Promise<boolean>;
  /** Deletes every token of a user; returns how many. */
  deleteForUser(userId: string): Promise<number>;
  /** A user's tokens that have not expired at `now`, newest first. */
  listForUser(userId: string, now: number): Promise<ApiTokenRecord[]>;
  /** Deletes tokens whose `expiresAt` is at or before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}
