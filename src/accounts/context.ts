/** @module The accounts service's options, resolved once into what every flow shares. */
import type { Clock } from '../clock.js';
import { durationToMs } from '../core/duration.js';
import type { LoginManager } from '../core/manager.js';
import { generateSelector } from '../core/token.js';
import { LatchkeyError } from '../errors.js';
import { createPasswordHasher, type PasswordHasher } from '../password/hasher.js';
import { checkPasswordPolicy } from '../password/policy.js';
import type { AccountsOptions } from './accounts-api.js';
import { createLinkTokens, type LinkTokens } from './link-tokens.js';
import { createPostman, type Postman } from './postman.js';
import { createThrottle, type Throttle } from './throttle.js';
import {
  type PasskeyContext,
  resolvePasskeys,
  resolveTwoFactor,
  type TwoFactorContext,
} from './two-factor/options.js';
import type { Account, AccountEvent, AccountStore } from './types.js';

/** Link lifetimes in milliseconds. */
export interface LinkLifetimes {
  readonly confirm: number;
  readonly reset: number;
  readonly 'email-change': number;
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
  /** A new random account id. */
  newId(): string;
  /** Reports an account event. */
  emit(type: AccountEvent['type'], accountId: string | null, address: string | null): void;
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
  const minPasswordLength = options.minPasswordLength ?? 15;
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
    twoFactor: resolveTwoFactor(options.twoFactor, appName, random, clock),
    passkeys: resolvePasskeys(options.passkeys, options.publicUrl, appName, random, clock),
    newId: () => generateSelector(random),
    emit: (type, accountId, address) => onEvent?.({ type, accountId, address }),
  };
  return Object.freeze(context);
}
