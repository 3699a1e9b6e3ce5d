/**
 * @module Throttling over the CounterStore: failed logins per account (with doubling holds)
 * and per client address, and attempt limits for registrations and reset mail.
 */
import type { Clock } from '../clock.js';
import { type Duration, durationToMs } from '../core/duration.js';
import { hashSecret } from '../core/token.js';
import { LatchkeyError } from '../errors.js';
import type { CounterStore } from '../stores/types.js';
import type { ThrottleOptions } from './accounts-api.js';

/** A number of attempts allowed in a window. */
interface Limit {
  readonly limit: number;
  readonly windowMs: number;
}

/** The attempt limits counted by {@link Throttle.take}. */
export type AttemptKind = 'registrations' | 'resetRequests' | 'resetMails';

/** The login and attempt limits of one accounts service. */
export interface Throttle {
  /**
   * Seconds until a login for this account key from this address may be tried, or null: now.
   * A null key (a passkey login, whose account is not known before it succeeds) asks only
   * about the address.
   */
  loginHold(accountKey: string | null, address: string | null): Promise<number | null>;
  /**
   * Counts a failed login (or reauthentication) against the account key and the address; a
   * null key counts against the address alone.
   */
  recordFailure(accountKey: string | null, address: string | null): Promise<void>;
  /** Forgets an account key's failures and holds, after a success. */
  clearFailures(accountKey: string): Promise<void>;
  /** Counts one attempt by `subject`; seconds to wait when over the limit, else null. */
  take(kind: AttemptKind, subject: string | null): Promise<number | null>;
  /**
   * Counts one second-factor attempt for the account key before its code is checked: seconds
   * to wait once the attempts in the window pass the account's failure limit, else null.
   * Counted before the check, so codes sent all at once get no more checks than the limit
   * (the failure count alone would let them all through: each is checked before any fails).
   * {@link clearFailures} forgets them.
   */
  takeCodeAttempt(accountKey: string): Promise<number | null>;
}

/**
 * Creates the throttle. An account is held after `limit` failures in its window; a failure
 * within one window after a hold ends holds it again for twice as long, up to `maxHold`.
 * Each hold level is its own counter whose window is the hold plus that probation, so the
 * level survives every process restart and is shared wherever the counters are.
 *
 * @example const throttle = createThrottle(manager.stores.counters, {}, Date.now);
 */
export function createThrottle(
  counters: CounterStore,
  options: ThrottleOptions,
  clock: Clock,
): Throttle {
  const account = limitOf(options.accountFailures, 10, { minutes: 15 }, 'accountFailures');
  const address = limitOf(options.addressFailures, 100, { minutes: 15 }, 'addressFailures');
  const attempts: Record<AttemptKind, Limit> = {
    registrations: limitOf(options.registrations, 300, { hours: 1 }, 'registrations'),
    resetRequests: limitOf(options.resetRequests, 100, { minutes: 15 }, 'resetRequests'),
    resetMails: limitOf(options.resetMails, 3, { minutes: 15 }, 'resetMails'),
  };
  const holds = holdLevels(
    durationToMs(options.accountHold ?? { minutes: 15 }, 'throttle.accountHold'),
    durationToMs(options.maxHold ?? { hours: 1 }, 'throttle.maxHold'),
  );
  const probationMs = account.windowMs;
  const failKey = (key: string) => counterKey('login-account', key);
  const addressKey = (value: string) => counterKey('login-address', value);
  const holdKey = (level: number, key: string) => counterKey(`login-hold-${level}`, key);
  const codeKey = (key: string) => counterKey('code-attempts', key);

  /** The latest hold of an account: its level and when it ends (it may have ended). */
  async function latestHold(key: string, now: number) {
    const values = await Promise.all(holds.map((_, i) => counters.get(holdKey(i + 1, key), now)));
    for (let level = values.length; level >= 1; level--) {
      const value = values[level - 1];
      if (value) return { level, endsAt: value.resetAt - probationMs };
    }
    return null;
  }

  async function hold(level: number, key: string, now: number): Promise<void> {
    const counter = holdKey(level, key);
    // A new window must start even when the level's counter is still in its probation.
    await counters.reset(counter);
    await counters.increment(counter, (holds[level - 1] ?? 0) + probationMs, now);
  }

  return {
    async loginHold(accountKey, from) {
      const now = clock();
      const [latest, byAddress] = await Promise.all([
        accountKey === null ? null : latestHold(accountKey, now),
        from === null ? null : counters.get(addressKey(from), now),
      ]);
      let until = latest && latest.endsAt > now ? latest.endsAt : now;
      if (byAddress && byAddress.count >= address.limit) until = Math.max(until, byAddress.resetAt);
      return until > now ? seconds(until - now) : null;
    },

    async recordFailure(accountKey, from) {
      const now = clock();
      if (from !== null) await counters.increment(addressKey(from), address.windowMs, now);
      if (accountKey === null) return;
      const latest = await latestHold(accountKey, now);
      if (latest) {
        // Failing again right after a hold: the next hold is twice as long.
        if (latest.endsAt <= now)
          await hold(Math.min(latest.level + 1, holds.length), accountKey, now);
        return;
      }
      const { count } = await counters.increment(failKey(accountKey), account.windowMs, now);
      if (count >= account.limit) {
        await counters.reset(failKey(accountKey));
        await hold(1, accountKey, now);
      }
    },

    async clearFailures(accountKey) {
      await Promise.all([
        counters.reset(failKey(accountKey)),
        counters.reset(codeKey(accountKey)),
        ...holds.map((_, i) => counters.reset(holdKey(i + 1, accountKey))),
      ]);
    },

    async takeCodeAttempt(accountKey) {
      const now = clock();
      const { count, resetAt } = await counters.increment(
        codeKey(accountKey),
        account.windowMs,
        now,
      );
      return count > account.limit ? seconds(resetAt - now) : null;
    },

    async take(kind, subject) {
      if (subject === null) return null;
      const now = clock();
      const { limit, windowMs } = attempts[kind];
      const { count, resetAt } = await counters.increment(counterKey(kind, subject), windowMs, now);
      return count > limit ? seconds(resetAt - now) : null;
    },
  };
}

/** Counter keys never hold an address or email as such, only its hash. */
function counterKey(kind: string, subject: string): string {
  return `accounts:${kind}:${hashSecret(subject)}`;
}

/** The hold of each level: doubling from `first`, the last one at `max`. */
function holdLevels(first: number, max: number): number[] {
  if (max < first) {
    throw new LatchkeyError(
      'config_invalid',
      'throttle.maxHold must not be shorter than accountHold',
    );
  }
  const levels = [first];
  while ((levels.at(-1) ?? max) < max) levels.push(Math.min((levels.at(-1) ?? max) * 2, max));
  return levels;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function limitOf(
  option: { readonly limit?: number; readonly window?: Duration } | undefined,
  limit: number,
  window: Duration,
  name: string,
): Limit {
  const resolved = {
    limit: option?.limit ?? limit,
    windowMs: durationToMs(option?.window ?? window, `throttle.${name}.window`),
  };
  if (!Number.isInteger(resolved.limit) || resolved.limit < 1) {
    throw new LatchkeyError(
      'config_invalid',
      `throttle.${name}.limit must be a positive integer, got ${resolved.limit}`,
    );
  }
  return resolved;
}
