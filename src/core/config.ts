/** @module The manager's options, resolved once into a frozen config with every default in one place. */

import { type Clock, type RandomSource, systemClock, systemRandom } from '../clock.js';
import { LatchkeyError } from '../errors.js';
import type { TrustProxy } from '../http/client-address.js';
import type { CookieAttributes } from '../http/cookies.js';
import type { LegacyCookieKey } from '../http/legacy-cookie.js';
import type { Stores } from '../stores/types.js';
import { type CsrfOptions, type ResolvedCsrf, resolveCsrf } from './csrf-token.js';
import { type Duration, durationToMs } from './duration.js';
import type { RequestView } from './request-view.js';
import { ANONYMOUS_USER, type AnonymousUser, defaultUserId, defaultUserIsActive } from './user.js';

/** Session protection: off, `basic` (a changed client makes the login non-fresh) or `strong` (it ends the login). */
export type ProtectionMode = 'off' | 'basic' | 'strong';

/** Finds the user's id for the id in a Flask-Login cookie; null when no user has it. */
export type LegacyUserIdLookup = (legacyId: string) => Promise<string | null> | string | null;

/** Shared cookie attributes; names are chosen per cookie. */
export interface CookieOptions {
  readonly path?: string;
  readonly domain?: string;
  /** Send only over https. Also turns on the `__Host-` name prefix unless `domain` is set. */
  readonly secure?: boolean;
  readonly httpOnly?: boolean;
  readonly sameSite?: 'Strict' | 'Lax' | 'None';
}

/** Options of a {@link LoginManager}. Only `userLoader` or `requestLoader` is required. */
export interface LoginManagerOptions<U> {
  /**
   * Loads a user by id (from a session or a remember-me token); null when gone. Without it
   * sessions cannot be read back, so only the request loader authenticates (API-only apps).
   */
  readonly userLoader?: (id: string) => Promise<U | null> | U | null;
  /** Authenticates a request without a session (API keys, bearer tokens); null when it can't. */
  readonly requestLoader?: (request: RequestView) => Promise<U | null> | U | null;
  /** Reads a user's id; default `user.getId()` or `user.id`. */
  readonly getUserId?: (user: U) => string;
  /** Whether a user may log in; default `user.isActive` when boolean, else true. */
  readonly isUserActive?: (user: U) => boolean;
  /** End the session on the next request when the loaded user is no longer active. Default true. */
  readonly endInactiveSessions?: boolean;
  /** The object that stands for "nobody"; default {@link ANONYMOUS_USER}. */
  readonly anonymousUser?: () => AnonymousUser;
  /** Where sessions and tokens live; default in-process memory stores. */
  readonly stores?: Stores;
  readonly session?: {
    /** Cookie name; default `session`. */
    readonly cookieName?: string;
    /** Ends after this long without a request; default 24 hours. */
    readonly idleTimeout?: Duration;
    /** Ends this long after login whatever happens; default 7 days. */
    readonly absoluteTimeout?: Duration;
  };
  readonly remember?: {
    /** Cookie name; default `remember_token`. */
    readonly cookieName?: string;
    /** Lifetime of the cookie and its token; default 30 days. */
    readonly duration?: Duration;
    /** Re-issue the cookie with a new expiry on every request of a remembered login. Default false. */
    readonly refreshEachRequest?: boolean;
    /** How long a just-rotated validator is still accepted, for parallel requests. Default 30 s. */
    readonly graceWindow?: Duration;
  } & CookieOptions;
  /**
   * Accept Flask-Login's `id|hmac` remember cookies (signed with these keys, newest
   * first) once each, swapping them for Latchkey tokens: for apps moving from Flask.
   */
  readonly legacyRemember?: {
    readonly keys: LegacyCookieKey | readonly LegacyCookieKey[];
    /** How long a swapped cookie value is remembered as used; default 400 days. */
    readonly markerLifetime?: Duration;
    /**
     * The user's id here for the id in a cookie (null: nobody); default the same id. Users
     * imported by `latchkey import flask` got new ids: pass `createSqlLegacyIds(db).accountIdFor`.
     */
    readonly userIdFor?: LegacyUserIdLookup;
  };
  /** Attributes of the session cookie (the remember cookie takes its own, falling back to these). */
  readonly cookie?: CookieOptions;
  /** Turns on `auth.csrfToken()` / `auth.verifyCsrf()` for the app's forms. */
  readonly csrf?: CsrfOptions;
  /** Default `basic`. */
  readonly protection?: ProtectionMode;
  /** Which X-Forwarded-For hops to trust when reading the client address; default none. */
  readonly trustProxy?: TrustProxy;
  /** Where `loginRequired` sends anonymous visitors; without it they get `401`. */
  readonly loginView?: string;
  /** Login views by path prefix, longest prefix first (Flask-Login's per-blueprint views). */
  readonly loginViews?: Readonly<Record<string, string>>;
  /** Where `freshLoginRequired` sends stale logins; without it they get `401`. */
  readonly refreshView?: string;
  /** Query parameter carrying the page to return to; default `next`. */
  readonly nextField?: string;
  /** Keep `next` in a short-lived cookie instead of the query string. */
  readonly useSessionForNext?: boolean;
  /** Put this host in login redirects (`//host/login?next=…`), never the request's own. */
  readonly forceHostForRedirects?: string;
  /** Flash message for unauthorized visitors (null: none). */
  readonly loginMessage?: string | null;
  readonly loginMessageCategory?: string;
  readonly refreshMessage?: string | null;
  readonly refreshMessageCategory?: string;
  /** Translates flash messages before they are stored. */
  readonly localize?: (message: string) => string;
  /** Turns the guards off (Flask-Login's LOGIN_DISABLED), for tests. */
  readonly guardsDisabled?: boolean;
  /** In-process caches that keep steady-state requests off the store. */
  readonly cache?: {
    /** Most sessions kept; default 10 000. 0 turns the cache off. */
    readonly maxSessions?: number;
    /** Re-read a cached session from the store after this long; default 60 s. */
    readonly sessionTtl?: Duration;
    /** Most users kept; default 10 000. 0 turns the cache off. */
    readonly maxUsers?: number;
    /** Re-load a cached user after this long; default 30 s. */
    readonly userTtl?: Duration;
  };
  /** Injected for tests. */
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/** The resolved, frozen configuration. */
export interface ResolvedConfig<U> {
  readonly userLoader: ((id: string) => Promise<U | null> | U | null) | null;
  readonly requestLoader: ((request: RequestView) => Promise<U | null> | U | null) | null;
  readonly getUserId: (user: U) => string;
  readonly isUserActive: (user: U) => boolean;
  readonly endInactiveSessions: boolean;
  readonly anonymousUser: () => AnonymousUser;
  readonly sessionCookieName: string;
  readonly sessionCookie: CookieAttributes;
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  readonly rememberCookieName: string;
  readonly rememberCookie: CookieAttributes;
  readonly rememberDurationMs: number;
  readonly refreshEachRequest: boolean;
  readonly graceWindowMs: number;
  readonly legacyRemember: {
    readonly keys: LegacyCookieKey | readonly LegacyCookieKey[];
    readonly markerLifetimeMs: number;
    readonly userIdFor: LegacyUserIdLookup | null;
  } | null;
  /** Short-lived helper cookies (flash, next). */
  readonly noteCookie: CookieAttributes;
  readonly flashCookieName: string;
  readonly nextCookieName: string;
  readonly csrf: ResolvedCsrf | null;
  readonly protection: ProtectionMode;
  readonly trustProxy: TrustProxy;
  readonly loginView: string | null;
  readonly loginViews: ReadonlyArray<readonly [prefix: string, view: string]>;
  readonly refreshView: string | null;
  readonly nextField: string;
  readonly useSessionForNext: boolean;
  readonly forceHost: string | null;
  readonly loginMessage: string | null;
  readonly loginMessageCategory: string;
  readonly refreshMessage: string | null;
  readonly refreshMessageCategory: string;
  readonly localize: (message: string) => string;
  readonly guardsDisabled: boolean;
  readonly maxSessions: number;
  readonly sessionTtlMs: number;
  readonly maxUsers: number;
  readonly userTtlMs: number;
  /** `lastSeen` is written at most this often. */
  readonly touchIntervalMs: number;
  readonly clock: Clock;
  readonly random: RandomSource;
}

const MINUTE = 60_000;

/** Resolves options into a frozen config; throws `LatchkeyError` on any mistake. */
export function resolveConfig<U>(options: LoginManagerOptions<U>): ResolvedConfig<U> {
  if (!options.userLoader && !options.requestLoader) {
    throw new LatchkeyError(
      'missing_loader',
      'Missing userLoader or requestLoader: give the LoginManager at least one way to load users.',
    );
  }
  const protection = options.protection ?? 'basic';
  if (!['off', 'basic', 'strong'].includes(protection)) {
    throw new LatchkeyError(
      'config_invalid',
      `protection must be 'off', 'basic' or 'strong', instead got: ${String(protection)}`,
    );
  }
  const base = cookieAttributes(options.cookie ?? {});
  const rememberOptions = options.remember ?? {};
  const remember = cookieAttributes({ ...options.cookie, ...pickCookie(rememberOptions) });
  const prefix = (attributes: CookieAttributes) =>
    attributes.secure && !attributes.domain && attributes.path === '/' ? '__Host-' : '';
  return Object.freeze({
    userLoader: options.userLoader ?? null,
    requestLoader: options.requestLoader ?? null,
    getUserId: options.getUserId ?? defaultUserId,
    isUserActive: options.isUserActive ?? defaultUserIsActive,
    endInactiveSessions: options.endInactiveSessions ?? true,
    anonymousUser: options.anonymousUser ?? (() => ANONYMOUS_USER),
    sessionCookieName: prefix(base) + (options.session?.cookieName ?? 'session'),
    sessionCookie: base,
    idleTimeoutMs: durationToMs(
      options.session?.idleTimeout ?? { hours: 24 },
      'session.idleTimeout',
    ),
    absoluteTimeoutMs: durationToMs(
      options.session?.absoluteTimeout ?? { days: 7 },
      'session.absoluteTimeout',
    ),
    rememberCookieName: prefix(remember) + (rememberOptions.cookieName ?? 'remember_token'),
    rememberCookie: remember,
    rememberDurationMs: durationToMs(rememberOptions.duration ?? { days: 30 }, 'remember.duration'),
    refreshEachRequest: rememberOptions.refreshEachRequest ?? false,
    graceWindowMs: durationToMs(rememberOptions.graceWindow ?? 30, 'remember.graceWindow'),
    legacyRemember: options.legacyRemember
      ? {
          keys: options.legacyRemember.keys,
          markerLifetimeMs: durationToMs(
            options.legacyRemember.markerLifetime ?? { days: 400 },
            'legacyRemember.markerLifetime',
          ),
          userIdFor: options.legacyRemember.userIdFor ?? null,
        }
      : null,
    noteCookie: { ...base, maxAge: 600 },
    flashCookieName: `${prefix(base)}flash`,
    nextCookieName: `${prefix(base)}next`,
    csrf: resolveCsrf(options.csrf, base, prefix(base)),
    protection,
    trustProxy: options.trustProxy ?? false,
    loginView: options.loginView ?? null,
    loginViews: Object.entries(options.loginViews ?? {}).sort(([a], [b]) => b.length - a.length),
    refreshView: options.refreshView ?? null,
    nextField: options.nextField ?? 'next',
    useSessionForNext: options.useSessionForNext ?? false,
    forceHost: options.forceHostForRedirects ?? null,
    loginMessage:
      options.loginMessage === undefined
        ? 'Please log in to access this page.'
        : options.loginMessage,
    loginMessageCategory: options.loginMessageCategory ?? 'message',
    refreshMessage:
      options.refreshMessage === undefined
        ? 'Please reauthenticate to access this page.'
        : options.refreshMessage,
    refreshMessageCategory: options.refreshMessageCategory ?? 'message',
    localize: options.localize ?? ((message: string) => message),
    guardsDisabled: options.guardsDisabled ?? false,
    maxSessions: count(options.cache?.maxSessions, 10_000, 'cache.maxSessions'),
    sessionTtlMs: durationToMs(options.cache?.sessionTtl ?? 60, 'cache.sessionTtl'),
    maxUsers: count(options.cache?.maxUsers, 10_000, 'cache.maxUsers'),
    userTtlMs: durationToMs(options.cache?.userTtl ?? 30, 'cache.userTtl'),
    touchIntervalMs: MINUTE,
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom,
  });
}

function pickCookie(options: CookieOptions): CookieOptions {
  const picked: Record<string, unknown> = {};
  for (const key of ['path', 'domain', 'secure', 'httpOnly', 'sameSite'] as const) {
    if (options[key] !== undefined) picked[key] = options[key];
  }
  return picked as CookieOptions;
}

function cookieAttributes(options: CookieOptions): CookieAttributes {
  const sameSite = options.sameSite ?? 'Lax';
  if (sameSite === 'None' && !options.secure) {
    throw new LatchkeyError('config_invalid', 'cookie sameSite None requires secure: true.');
  }
  return Object.freeze({
    path: options.path ?? '/',
    ...(options.domain ? { domain: options.domain } : {}),
    secure: options.secure ?? false,
    httpOnly: options.httpOnly ?? true,
    sameSite,
  });
}

function count(value: number | undefined, fallback: number, label: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new LatchkeyError(
      'config_invalid',
      `${label} must be a whole number ≥ 0, instead got: ${value}`,
    );
  }
  return value;
}
