/**
 * @module The Redis key layout: every key starts with the configured prefix, and a user's
 * index keys share one hash tag so a future Redis Cluster keeps them in one slot.
 */
import { LatchkeyError } from '../../errors.js';

/** The prefix used when none is given. */
export const DEFAULT_PREFIX = 'latchkey:';

/** Names the keys of one prefix. */
export interface RedisKeys {
  readonly prefix: string;
  /** A session's hash, by hashed id. */
  session(id: string): string;
  /** A token's hash, by selector. */
  token(selector: string): string;
  /** A throttle counter's hash. */
  counter(key: string): string;
  /** Sorted set of a user's session ids, each scored by the latest time it may live until. */
  userSessions(userId: string): string;
  /** Sorted set of a user's token selectors, scored likewise. */
  userTokens(userId: string): string;
  /** The pub/sub channel revocations travel on. */
  readonly invalidation: string;
}

/**
 * Builds the key names for `prefix`; a prefix that is empty or holds spaces, braces or control
 * characters is a configuration error (braces would change the Cluster hash tags below).
 *
 * Every script touches exactly one key, so each command lands in one slot on a Cluster. Records
 * are found by id or selector alone and hash on that; a user's two indexes carry the tag
 * `{u:<userId>}` so per-user work could move into one script on that user's slot later.
 *
 * @example
 * const keys = redisKeys('myapp:'); keys.session(id); // 'myapp:session:<id>'
 */
export function redisKeys(prefix: string = DEFAULT_PREFIX): RedisKeys {
  if (!/^[^\s{}\p{Cc}]{1,64}$/u.test(prefix)) {
    throw new LatchkeyError(
      'config_invalid',
      'A Redis key prefix is 1 to 64 characters without spaces, braces or control characters.',
    );
  }
  return {
    prefix,
    session: (id) => `${prefix}session:${id}`,
    token: (selector) => `${prefix}token:${selector}`,
    counter: (key) => `${prefix}counter:${key}`,
    userSessions: (userId) => `${prefix}{u:${userId}}:sessions`,
    userTokens: (userId) => `${prefix}{u:${userId}}:tokens`,
    invalidation: `${prefix}invalidation`,
  };
}
