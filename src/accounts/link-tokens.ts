/**
 * @module Emailed link tokens: issued as `selector.validator`, stored as the selector and
 * SHA-256(validator), checked in constant time, used once by an atomic consume.
 */
import type { Clock, RandomSource } from '../clock.js';
import { findTokenRecord, issueTokenRecord } from '../core/token-record.js';
import type { TokenRecord, TokenStore } from '../stores/types.js';

/** What a link is for; a token of one purpose never works as another. */
export type LinkPurpose = 'confirm' | 'reset' | 'email-change';

/** Issues, checks and uses emailed link tokens. */
export interface LinkTokens {
  /** Stores a new token for the user and returns its value, the part of the link to send. */
  issue(
    userId: string,
    purpose: LinkPurpose,
    lifetimeMs: number,
    data?: Readonly<Record<string, unknown>>,
  ): Promise<string>;
  /** The token's record when the value is good for `purpose` right now, without using it up. */
  read(value: unknown, purpose: LinkPurpose): Promise<TokenRecord | null>;
  /** Uses the token up: its record for exactly one caller, null for every other and for bad values. */
  take(value: unknown, purpose: LinkPurpose): Promise<TokenRecord | null>;
  /** Voids every outstanding token of these purposes for the user. */
  voidAll(userId: string, ...purposes: LinkPurpose[]): Promise<void>;
}

/**
 * Creates the link-token functions over a TokenStore (usually the login manager's).
 *
 * @example
 * const links = createLinkTokens(manager.stores.tokens, Date.now, systemRandom);
 * const token = await links.issue(account.id, 'reset', 3_600_000);
 */
export function createLinkTokens(
  tokens: TokenStore,
  clock: Clock,
  random: RandomSource,
): LinkTokens {
  const read = async (value: unknown, purpose: LinkPurpose) => {
    const match = await findTokenRecord(tokens, value, purpose, clock());
    return match.kind === 'current' ? match.record : null;
  };

  return {
    async issue(userId, purpose, lifetimeMs, data) {
      const now = clock();
      const { value } = await issueTokenRecord(tokens, random, {
        userId,
        purpose,
        createdAt: now,
        expiresAt: now + lifetimeMs,
        data: data ?? null,
      });
      return value;
    },

    read,

    async take(value, purpose) {
      const record = await read(value, purpose);
      // The check above proved the validator; the consume decides which caller gets it.
      return record && (await tokens.consume(record.selector, purpose, clock()));
    },

    async voidAll(userId, ...purposes) {
      await Promise.all(purposes.map((purpose) => tokens.deleteForUser(userId, purpose)));
    },
  };
}
