/**
 * @module The accounts service's API: its options, its form inputs and the interface
 * every implementation keeps.
 */
import type { Clock, RandomSource } from '../clock.js';
import type { ApiTokenInfo, ApiTokens } from '../core/api-tokens.js';
import type { Duration } from '../core/duration.js';
import type { LoginManager } from '../core/manager.js';
import type { RequestAuth } from '../core/request-auth.js';
import type { PasswordHasher } from '../password/hasher.js';
import type { AuditEntry, AuditLog, AuditQuery } from './audit-log.js';
import type { PasskeyOptions, TwoFactorOptions } from './two-factor/options.js';
import type { PasskeyService, TwoFactorService } from './two-factor/services.js';
import type {
  Account,
  AccountEvent,
  AccountQuery,
  AccountRole,
  AccountStore,
  ClientContext,
  FlowResult,
  LinkResult,
  Mailer,
  MailMessage,
  Refusal,
} from './types.js';

/** Limits on repeated attempts; every window and hold is in the store, shared by every process. */
export interface ThrottleOptions {
  /** Failed logins per account before it is held; default 10 in 15 minutes. */
  readonly accountFailures?: { readonly limit?: number; readonly window?: Duration };
  /** First hold of an account; it doubles while failures go on, up to `maxHold`. Default 15 minutes. */
  readonly accountHold?: Duration;
  /** Longest hold; default 1 hour. */
  readonly maxHold?: Duration;
  /** Failed logins per client address; default 100 in 15 minutes. */
  readonly addressFailures?: { readonly limit?: number; readonly window?: Duration };
  /** Registrations per client address; default 300 an hour. */
  readonly registrations?: { readonly limit?: number; readonly window?: Duration };
  /** Reset requests per client address; default 100 in 15 minutes. */
  readonly resetRequests?: { readonly limit?: number; readonly window?: Duration };
  /** Reset mails per account; default 3 in 15 minutes (more requests answer the same, send nothing). */
  readonly resetMails?: { readonly limit?: number; readonly window?: Duration };
}

/** Options of {@link Accounts}. */
export interface AccountsOptions {
  /** Where accounts live (e.g. `createSqlAccountStore(db)`). */
  readonly store: AccountStore;
  /** The login manager; its stores keep the emailed tokens and the throttle counters. */
  readonly manager: LoginManager<Account>;
  readonly mailer: Mailer;
  /** Absolute origin for links in mail, e.g. `https://example.com`; never taken from a request. */
  readonly publicUrl: string;
  /** Path prefixes the token is appended to; defaults `/auth/confirm/`, `/auth/reset/`, `/auth/change-email/`. */
  readonly links?: {
    readonly confirm?: string;
    readonly reset?: string;
    readonly emailChange?: string;
  };
  /** Named in mail subjects and bodies; default `Latchkey`. */
  readonly appName?: string;
  /** Default: argon2id with OWASP parameters. */
  readonly hasher?: PasswordHasher;
  /** Minimum password length in code points; default 15, never below 8. */
  readonly minPasswordLength?: number;
  /** Link lifetimes; defaults 24 hours, 1 hour, 24 hours. */
  readonly tokenLifetimes?: {
    readonly confirm?: Duration;
    readonly reset?: Duration;
    readonly emailChange?: Duration;
  };
  readonly throttle?: ThrottleOptions;
  /** Turns on TOTP with recovery codes: logins of accounts that set it up then ask for a code. */
  readonly twoFactor?: TwoFactorOptions;
  /** Turns on passkeys (WebAuthn): the relying party is `publicUrl`'s host and origin. */
  readonly passkeys?: PasskeyOptions;
  /** Called for every account event (for logs); never given a secret. */
  readonly onEvent?: (event: AccountEvent) => void;
  /** Where every account event is recorded, with time, client and outcome (e.g. `createSqlAuditLog(db)`). */
  readonly audit?: AuditLog;
  /** The app's API tokens: disabling an account and resetting its password end them. */
  readonly apiTokens?: ApiTokens;
  /** Scopes users may give their tokens; default `['profile:read']`. */
  readonly apiScopes?: readonly string[];
  /** Addresses that become admins when they register (`ADMIN_EMAIL`). */
  readonly adminEmails?: readonly string[];
  /** Where a failed audit write of a login-manager event (logout) lands. Default: `console.error`. */
  readonly onAuditError?: (error: unknown) => void;
  /**
   * Mail is sent in the background, so that response times never tell whether an address
   * is known; a failed send lands here. Default: `console.error`.
   */
  readonly onMailError?: (error: unknown, message: MailMessage) => void;
  /** Default: the manager's clock. */
  readonly clock?: Clock;
  /** Default: the manager's random source. */
  readonly random?: RandomSource;
}

/** The registration form. */
export interface RegisterInput {
  readonly email: string;
  readonly username: string;
  readonly password: string;
  readonly password2: string;
}

/** The login form; `remember` is the `remember_me` checkbox. */
export interface LoginInput {
  readonly email: string;
  readonly password: string;
  readonly remember?: boolean;
  /** The (already checked) page to return to, kept while a second factor is pending. */
  readonly next?: string | null;
}

/** The reauthentication form: the password, and the `code` when two-factor is on. */
export interface ReauthenticateInput {
  readonly password: string;
  readonly code?: string;
}

/** The change-password form. */
export interface ChangePasswordInput {
  readonly old_password: string;
  readonly password: string;
  readonly password2: string;
}

/** The new-password form of a reset link. */
export interface NewPasswordInput {
  readonly password: string;
  readonly password2: string;
}

/** The change-email form. */
export interface ChangeEmailInput {
  readonly email: string;
  readonly password: string;
}

/** The answer of an admin action. */
export type AdminResult =
  | { readonly ok: true; readonly account: Account }
  | { readonly ok: false; readonly reason: 'forbidden' | 'not_found' | 'self' };

/** The new-token form: `scope` may repeat; `expires_days` 1–365, default 30. */
export interface NewApiTokenInput {
  readonly name: string;
  readonly scopes: readonly string[];
  /** As typed; empty means the default. */
  readonly expires_days?: string;
}

/** A new token: its value (show it once) and what may be shown again. */
export type NewApiTokenResult =
  | { readonly ok: true; readonly token: string; readonly info: ApiTokenInfo }
  | Refusal;

/** The result of resetting a password by link. */
export type ResetResult = LinkResult | Refusal;

/**
 * The account system: every flow of the reference app, usable by any app on any adapter.
 * Field errors are keyed by the form's field names.
 *
 * @example
 * const accounts = new Accounts({ store, manager, mailer, publicUrl: 'https://example.com' });
 * const result = await accounts.login(auth, { email, password, remember: true });
 */
export interface AccountsService {
  /** Creates an unconfirmed account and mails a confirmation link; a taken email answers the same and mails its owner. */
  register(auth: RequestAuth<Account>, input: RegisterInput): Promise<FlowResult>;
  /** Confirms the address of the link's account (`client` for the audit log). */
  confirm(token: string, client?: ClientContext | null): Promise<LinkResult>;
  /** Mails the logged-in user a new confirmation link, voiding the older one. */
  resendConfirmation(auth: RequestAuth<Account>): Promise<FlowResult>;
  /**
   * Checks the password (throttled, timing-flat) and logs in; the same refusal for every
   * failure. For a two-factor account it logs no one in yet: `secondFactorPending` is true
   * and the browser holds a pending login that `twoFactor.completeLogin` finishes.
   */
  login(auth: RequestAuth<Account>, input: LoginInput): Promise<LoginResult>;
  /**
   * Checks the logged-in user's password again (and the code, when two-factor is on) and makes
   * the login fresh; failures count as failed logins.
   */
  reauthenticate(auth: RequestAuth<Account>, input: ReauthenticateInput): Promise<FlowResult>;
  /** Changes the password; ends every other session, every remember-me token and every outstanding link. */
  changePassword(auth: RequestAuth<Account>, input: ChangePasswordInput): Promise<FlowResult>;
  /** Mails a reset link when the address is known; the same answer either way. */
  requestReset(auth: RequestAuth<Account>, input: { readonly email: string }): Promise<FlowResult>;
  /** Whether a reset link is still good (to show its form), without using it up. */
  checkResetLink(token: string): Promise<boolean>;
  /** Sets a new password by link; ends every session, remember-me and API token of the account; logs no one in. */
  resetPassword(
    token: string,
    input: NewPasswordInput,
    client?: ClientContext | null,
  ): Promise<ResetResult>;
  /** Checks the password and mails a confirmation link to the new address. */
  requestEmailChange(auth: RequestAuth<Account>, input: ChangeEmailInput): Promise<FlowResult>;
  /** Moves the account to the new address and notifies the old one. */
  confirmEmailChange(token: string): Promise<LinkResult>;
  /** TOTP and recovery codes (needs the `twoFactor` option). */
  readonly twoFactor: TwoFactorService;
  /** Passkeys (needs the `passkeys` option). */
  readonly passkeys: PasskeyService;
  confirmEmailChange(token: string, client?: ClientContext | null): Promise<LinkResult>;
  /** Ends the logged-in account's other sessions and remember-me tokens; how many sessions ended. */
  revokeOtherSessions(auth: RequestAuth<Account>): Promise<number>;
  /** Issues an API token from the form (`scope` repeatable, `expires_days` 1–365, default 30). */
  createApiToken(auth: RequestAuth<Account>, input: NewApiTokenInput): Promise<NewApiTokenResult>;
  /** The logged-in account's live API tokens, never their values. */
  listApiTokens(auth: RequestAuth<Account>): Promise<ApiTokenInfo[]>;
  /** Revokes one of the logged-in account's API tokens at once; false when it has no such token. */
  revokeApiToken(auth: RequestAuth<Account>, id: string): Promise<boolean>;
  /** Admins: accounts whose email or username contains the text, newest first (null: not an admin). */
  findAccounts(auth: RequestAuth<Account>, query: AccountQuery): Promise<Account[] | null>;
  /** Admins: disables an account and ends its sessions, remember-me and API tokens at once. */
  disableAccount(auth: RequestAuth<Account>, id: string): Promise<AdminResult>;
  /** Admins: lets a disabled account log in again. */
  enableAccount(auth: RequestAuth<Account>, id: string): Promise<AdminResult>;
  /** Admins: logs an account out everywhere. */
  revokeAccountSessions(auth: RequestAuth<Account>, id: string): Promise<AdminResult>;
  /** Gives an account a role (no request needed: the command line); null for an unknown id. */
  setRole(
    id: string,
    role: AccountRole,
    by?: { readonly actorId?: string | null; readonly from?: ClientContext | string | null },
  ): Promise<Account | null>;
  /** Records an event in the audit log (two-factor, passkeys, …); never give it a secret. */
  record(event: AccountEvent): Promise<void>;
  /** The logged-in account's own latest audit entries, newest first. */
  recentEvents(auth: RequestAuth<Account>, limit?: number): Promise<AuditEntry[]>;
  /** Admins: a page of the audit log, newest first (null: not an admin). */
  auditPage(auth: RequestAuth<Account>, query: AuditQuery): Promise<AuditEntry[] | null>;
  /** Deletes audit entries older than `retention`; returns how many. */
  pruneAudit(retention: Duration): Promise<number>;
}

/** The answer of a login: a full one, or one pending the second factor (nobody logged in yet). */
export type LoginResult =
  | {
      readonly ok: true;
      readonly account: Account;
      /** True when the account has two-factor on: the browser must give a code next. */
      readonly secondFactorPending: boolean;
    }
  | Refusal;
