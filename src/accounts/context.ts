/** @module The accounts service's options, resolved once into what every flow shares. */

import type { Clock, RandomSource } from '../clock.js';
import type { ApiTokens } from '../core/api-tokens.js';
import { durationToMs } from '../core/duration.js';
import type { LoginManager } from '../core/manager.js';
import { LatchkeyError } from '../errors.js';
import { createPasswordHasher, type PasswordHasher } from '../password/hasher.js';
import { checkPasswordPolicy } from '../password/policy.js';
import type { ApiTokenStore } from '../stores/api-token-store.js';
import { ACCOUNT_ID_BYTES, accountIdFrom } from './account-id.js';
import type { AccountsOptions } from './accounts-api.js';
import { type AuditLog, type AuditRecorder, createAuditRecorder } from './audit-log.js';
import { type EventSource, eventFrom } from './event-source.js';
import { normalizeEmail } from './forms.js';
import { createLinkTokens, type LinkTokens } from './link-tokens.js';
import { createPostman, type Postman } from './postman.js';
import { createThrottle, type Throttle } from './throttle.js';
import {
  type PasskeyContext,
  resolvePasskeys,
  resolveTwoFactor,
  type TwoFactorContext,
} from './two-factor/options.js';
import type { PasskeyStore, TwoFactorStore } from './two-factor/store-types.js';
import type { Account, AccountEvent, AccountRole, AccountStore } from './types.js';
import { createUnitRunner } from './unit-of-work.js';

/** The shortest new password the accounts accept unless `minPasswordLength` says otherwise. */
export const DEFAULT_MIN_PASSWORD_LENGTH = 15;

/** Link lifetimes in milliseconds. */
export interface LinkLifetimes {
  readonly confirm: number;
  readonly reset: number;
  readonly 'email-change': number;
}

/** The details of an account event besides its type, account and source. */
export type EventExtra = Partial<Pick<AccountEvent, 'actorId' | 'outcome' | 'reason' | 'detail'>>;

/** Records an account event: its type, the account, the client it came from and its details. */
export type EmitEvent = (
  type: AccountEvent['type'],
  accountId: string | null,
  from?: EventSource,
  extra?: EventExtra,
) => Promise<void>;

/** What a change writes through (see {@link AccountsContext.change}), and how it records itself. */
export interface ChangeScope {
  readonly store: AccountStore;
  /** The two-factor store; null without the `twoFactor` option. */
  readonly twoFactor: TwoFactorStore | null;
  /** The passkey store; null without the `passkeys` option. */
  readonly passkeys: PasskeyStore | null;
  /** The API tokens' store; null without the `apiTokens` option. */
  readonly apiTokens: ApiTokenStore | null;
  /** Records the change's event: its audit entry joins the change; `onEvent` hears it once kept. */
  readonly emit: EmitEvent;
}

/** Everything a flow needs, resolved from {@link AccountsOptions}. */
export interface AccountsContext {
  readonly store: AccountStore;
  readonly manager: LoginManager<Account>;
  readonly hasher: PasswordHasher;
  readonly clock: Clock;
  readonly minPasswordLength: number;
  readonly lifetimesMs: LinkLifetimes;
  readonly throttle: Throttle;
  readonly links: LinkTokens;
  readonly mail: Postman;
  /** TOTP and recovery codes, when the `twoFactor` option is given. */
  readonly twoFactor: TwoFactorContext | null;
  /** Passkeys, when the `passkeys` option is given. */
  readonly passkeys: PasskeyContext | null;
  readonly random: RandomSource;
  /** The API tokens to end with the account's sessions (disable, reset); null: none issued. */
  readonly apiTokens: ApiTokens | null;
  /** Scopes a user may put on a token. */
  readonly apiScopes: readonly string[];
  /** The audit log's recorder; null when the service keeps none. */
  readonly audit: AuditRecorder | null;
  /** The audit log itself, to read and prune; null when the service keeps none. */
  readonly auditLog: AuditLog | null;
  /** The role a new account gets for this (normalised) address. */
  roleFor(email: string): AccountRole;
  /** A new random account id. */
  newId(): string;
  /**
   * Reports an account event to `onEvent` and the audit log, with the client it came from
   * (the request's auth, or just an address) and details that are never secrets.
   */
  readonly emit: EmitEvent;
  /**
   * Makes a change and records it as one unit: with a SQL account store and a SQL audit log on
   * one Kysely instance, `work`'s writes through the scope and its `emit` commit in one
   * transaction (an audit entry that cannot be written undoes the change); otherwise they run
   * one after the other. `work` must touch nothing but the scope (no sessions, links or mail:
   * those follow once it answers).
   *
   * @example
   * const updated = await context.change(async (tx) => {
   *   const account = await tx.store.update(id, { disabled: true });
   *   if (account && account !== 'email_taken') await tx.emit('account_disabled', id, auth);
   *   return account;
   * });
   */
  change<T>(work: (scope: ChangeScope) => Promise<T>): Promise<T>;
}

/**
 * Resolves the options, throwing `config_invalid` for a bad public URL, a minimum password
 * length below 8, a manager without a counter store, or bad throttle limits.
 *
 * @example const context = createAccountsContext({ store, manager, mailer, publicUrl });
 */
export function createAccountsContext(options: AccountsOptions): AccountsContext {
  const { manager } = options;
  const counters = manager.stores.counters;
  if (!counters) {
    throw new LatchkeyError(
      'config_invalid',
      "Accounts keep their throttle counters in the login manager's stores; give it a counter store.",
    );
  }
  const clock = options.clock ?? manager.config.clock;
  const random = options.random ?? manager.config.random;
  const minPasswordLength = options.minPasswordLength ?? DEFAULT_MIN_PASSWORD_LENGTH;
  // The policy itself refuses lengths below 8; asking once now makes that a start-up error.
  checkPasswordPolicy('', { minLength: minPasswordLength });
  const lifetimes = options.tokenLifetimes ?? {};
  const lifetimesMs: LinkLifetimes = {
    confirm: durationToMs(lifetimes.confirm ?? { hours: 24 }, 'tokenLifetimes.confirm'),
    reset: durationToMs(lifetimes.reset ?? { hours: 1 }, 'tokenLifetimes.reset'),
    'email-change': durationToMs(
      lifetimes.emailChange ?? { hours: 24 },
      'tokenLifetimes.emailChange',
    ),
  };
  const onEvent = options.onEvent;
  const appName = options.appName ?? 'Latchkey';
  const audit = options.audit ? createAuditRecorder(options.audit, clock, random) : null;
  const admins = new Set((options.adminEmails ?? []).map(normalizeEmail).filter(Boolean));
  const twoFactor = resolveTwoFactor(options.twoFactor, appName, random, clock);
  const passkeys = resolvePasskeys(options.passkeys, options.publicUrl, appName, random, clock);
  const runUnit = createUnitRunner({
    store: options.store,
    twoFactor: twoFactor?.store ?? null,
    passkeys: passkeys?.store ?? null,
    apiTokens: options.apiTokens?.store ?? null,
    auditLog: options.audit ?? null,
  });
  const context: AccountsContext = {
    store: options.store,
    manager,
    hasher: options.hasher ?? createPasswordHasher(),
    clock,
    minPasswordLength,
    lifetimesMs,
    throttle: createThrottle(counters, options.throttle ?? {}, clock),
    links: createLinkTokens(manager.stores.tokens, clock, random),
    mail: createPostman({
      mailer: options.mailer,
      publicUrl: options.publicUrl,
      appName,
      prefixes: {
        confirm: options.links?.confirm ?? '/auth/confirm/',
        reset: options.links?.reset ?? '/auth/reset/',
        'email-change': options.links?.emailChange ?? '/auth/change-email/',
      },
      lifetimesMs,
      onMailError:
        options.onMailError ??
        ((error, message) => console.error(`Sending the ${message.kind} mail failed:`, error)),
    }),
    twoFactor,
    passkeys,
    random,
    apiTokens: options.apiTokens ?? null,
    apiScopes: Object.freeze([...(options.apiScopes ?? ['profile:read'])]),
    audit,
    auditLog: options.audit ?? null,
    roleFor: (email) => (admins.has(email) ? 'admin' : 'user'),
    newId: () => accountIdFrom(random(ACCOUNT_ID_BYTES)),
    async emit(type, accountId, from = null, extra = {}) {
      const event = eventFrom(type, accountId, from, extra);
      onEvent?.(event);
      await audit?.record(event);
    },
    async change(work) {
      const kept: AccountEvent[] = [];
      const result = await runUnit((stores) => {
        const recorder = stores.auditLog && createAuditRecorder(stores.auditLog, clock, random);
        return work({
          store: stores.store,
          twoFactor: stores.twoFactor,
          passkeys: stores.passkeys,
          apiTokens: stores.apiTokens,
          async emit(type, accountId, from = null, extra = {}) {
            const event = eventFrom(type, accountId, from, extra);
            await recorder?.record(event);
            kept.push(event);
          },
        });
      });
      // Only once the change and its entries are kept: a change undone was never an event.
      for (const event of kept) onEvent?.(event);
      return result;
    },
  };
  return Object.freeze(context);
}
