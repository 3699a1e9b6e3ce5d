/**
 * @module The account system's shapes: the account record, its storage port, the
 * mail port, and the results each flow answers with (refusals are values, not exceptions).
 */

/** What an account may do: `admin` reaches the admin pages (see `accountAccess`). */
export type AccountRole = 'user' | 'admin';

/** A registered account. `email` is stored normalised (trimmed, lower-cased). */
export interface Account {
  readonly id: string;
  readonly email: string;
  /** As the person typed it; unique ignoring case. */
  readonly username: string;
  /** A self-describing hash (PHC string or legacy werkzeug format). */
  readonly passwordHash: string;
  readonly confirmed: boolean;
  readonly disabled: boolean;
  readonly createdAt: number;
  /** When the password last changed; sessions and links from before it are void. */
  readonly passwordChangedAt: number;
  readonly role: AccountRole;
  /** The last successful login, or null: never. */
  readonly lastLoginAt: number | null;
}

/** What a new account starts with. */
export interface NewAccount {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  readonly passwordHash: string;
  readonly createdAt: number;
  /** Default `user`. */
  readonly role?: AccountRole;
}

/** Fields of an account that may change. */
export type AccountPatch = Partial<
  Pick<
    Account,
    | 'email'
    | 'passwordHash'
    | 'confirmed'
    | 'disabled'
    | 'passwordChangedAt'
    | 'role'
    | 'lastLoginAt'
  >
>;

/** A page of accounts for the admin list: `text` is part of an email or username. */
export interface AccountQuery {
  readonly text?: string;
  readonly limit: number;
  readonly offset?: number;
}

/** Where accounts live. Uniqueness (email; username ignoring case) is the store's to enforce atomically. */
export interface AccountStore {
  /** Creates the account, or says which unique field another account already holds. */
  create(account: NewAccount): Promise<Account | 'email_taken' | 'username_taken'>;
  byId(id: string): Promise<Account | null>;
  /** Looks up by an already normalised email. */
  byEmail(email: string): Promise<Account | null>;
  /** Changes fields; `email_taken` when the new email belongs to another account. */
  update(id: string, patch: AccountPatch): Promise<Account | 'email_taken' | null>;
  /** Accounts whose email or username contains `text` (ignoring case), newest first. */
  find(query: AccountQuery): Promise<Account[]>;
}

/** What a mail is about, so transports and tests can tell them apart. */
export type MailKind =
  | 'confirm'
  | 'register-taken'
  | 'reset'
  | 'password-changed'
  | 'email-change'
  | 'email-changed'
  | 'two-factor-enabled'
  | 'two-factor-disabled'
  | 'recovery-codes-new'
  | 'recovery-code-used';

/** One email, with both a text and an HTML part. */
export interface MailMessage {
  readonly kind: MailKind;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Sends mail. The accounts service never waits on it in a way that shows in response times. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Where a request came from, for throttling and audit. */
export interface ClientContext {
  /** The client address as the login manager judged it (trusted proxies applied). */
  readonly address: string | null;
  readonly userAgent?: string | null;
}

/** Form errors by field name, each a message to show next to the field. */
export type FieldErrors = Readonly<Record<string, string>>;

/** A refusal: the form again with reasons (`422`), or too many attempts (`429`). */
export type Refusal =
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: FieldErrors }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds: number };

/** The answer of a flow that has nothing more to say on success. */
export type FlowResult = { readonly ok: true } | Refusal;

/** The answer of a flow that names the account on success. */
export type AccountResult = { readonly ok: true; readonly account: Account } | Refusal;

/** The answer to following an emailed link. */
export type LinkResult =
  | { readonly ok: true; readonly account: Account }
  | { readonly ok: false; readonly reason: 'invalid_link' | 'email_taken' };

/** Something that happened to an account, for the audit log. Never holds a secret. */
export interface AccountEvent {
  readonly type:
    | 'registered'
    | 'register_taken'
    | 'confirmed'
    | 'login_ok'
    | 'login_failed'
    | 'login_throttled'
    | 'reauth_ok'
    | 'reauth_failed'
    | 'password_changed'
    | 'reset_requested'
    | 'reset_throttled'
    | 'password_reset'
    | 'email_change_requested'
    | 'email_changed'
    | 'confirmation_resent'
    | 'login_second_factor'
    | 'two_factor_enabled'
    | 'two_factor_disabled'
    | 'two_factor_failed'
    | 'recovery_codes_generated'
    | 'recovery_code_used'
    | 'passkey_added'
    | 'passkey_removed'
    | 'passkey_login_ok'
    | 'passkey_login_failed'
    | 'logout'
    | 'sessions_revoked'
    | 'remember_token_theft'
    | 'token_created'
    | 'token_revoked'
    | 'account_disabled'
    | 'account_enabled'
    | 'account_sessions_revoked'
    | 'role_changed'
    // Events other parts record through `record()`.
    | (string & {});
  readonly accountId: string | null;
  readonly address: string | null;
  readonly userAgent?: string | null;
  /** Who acted, when not the account itself (an admin). */
  readonly actorId?: string | null;
  readonly outcome?: 'success' | 'failure';
  /** Why it failed, for the operator only (never shown to the client). */
  readonly reason?: string | null;
  /** Small facts that are never secrets (a token's id and name, a new role). */
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}
