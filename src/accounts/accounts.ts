/**
 * @module The account flows as one service: register, confirm, log in with throttling,
 * reauthenticate, change and reset the password, change the email.
 */
import type { ApiTokenInfo } from '../core/api-tokens.js';
import type { Duration } from '../core/duration.js';
import type { RequestAuth } from '../core/request-auth.js';
import type {
  AccountsOptions,
  AccountsService,
  AdminResult,
  ChangeEmailInput,
  ChangePasswordInput,
  LoginInput,
  LoginResult,
  NewApiTokenInput,
  NewApiTokenResult,
  NewPasswordInput,
  ReauthenticateInput,
  RegisterInput,
  ResetResult,
} from './accounts-api.js';
import {
  disableAccount,
  enableAccount,
  findAccounts,
  revokeAccountSessions,
  setRole,
} from './admin-flows.js';
import { auditPage, pruneAudit, recentEvents, watchManagerEvents } from './audit-flows.js';
import type { AuditEntry, AuditQuery } from './audit-log.js';
import { type AccountsContext, createAccountsContext } from './context.js';
import { confirmEmailChange, requestEmailChange } from './email-flows.js';
import { login, reauthenticate } from './login-flows.js';
import { changePassword, checkResetLink, requestReset, resetPassword } from './password-flows.js';
import { confirm, register, resendConfirmation } from './register-flows.js';
import { revokeOtherSessions } from './session-flows.js';
import { createApiToken, listApiTokens, revokeApiToken } from './token-flows.js';
import { createTwoFactorService } from './two-factor/flows.js';
import { createPasskeyService } from './two-factor/passkey-flows.js';
import type { PasskeyService, TwoFactorService } from './two-factor/services.js';
import type {
  Account,
  AccountEvent,
  AccountQuery,
  AccountRole,
  ClientContext,
  FlowResult,
  LinkResult,
} from './types.js';

/**
 * The account system over an account store, a login manager and a mailer. Options are
 * checked once here: a bad `publicUrl`, a `minPasswordLength` below 8, a manager without a
 * counter store or bad throttle limits throw `config_invalid`.
 *
 * @example
 * const manager = new LoginManager<Account>({ ...accountLoginOptions(store), stores });
 * const accounts = new Accounts({ store, manager, mailer, publicUrl: 'https://example.com' });
 * const result = await accounts.login(auth, { email, password, remember: true });
 */
export class Accounts implements AccountsService {
  readonly #context: AccountsContext;
  /** TOTP and recovery codes (each flow needs the `twoFactor` option). */
  readonly twoFactor: TwoFactorService;
  /** Passkeys (each flow needs the `passkeys` option). */
  readonly passkeys: PasskeyService;
  readonly #pending = new Set<Promise<void>>();
  readonly #stopWatching: () => void;

  constructor(options: AccountsOptions) {
    this.#context = createAccountsContext(options);
    this.twoFactor = createTwoFactorService(this.#context);
    this.passkeys = createPasskeyService(this.#context);
    const onAuditError =
      options.onAuditError ??
      ((error: unknown) => console.error('Writing an audit entry failed:', error));
    this.#stopWatching = this.#context.audit
      ? watchManagerEvents(this.#context, (write) => {
          const settled = write.catch(onAuditError).finally(() => this.#pending.delete(settled));
          this.#pending.add(settled);
        })
      : () => {};
  }

  register(auth: RequestAuth<Account>, input: RegisterInput): Promise<FlowResult> {
    return register(this.#context, auth, input);
  }

  confirm(token: string, client: ClientContext | null = null): Promise<LinkResult> {
    return confirm(this.#context, token, client);
  }

  resendConfirmation(auth: RequestAuth<Account>): Promise<FlowResult> {
    return resendConfirmation(this.#context, auth);
  }

  login(auth: RequestAuth<Account>, input: LoginInput): Promise<LoginResult> {
    return login(this.#context, auth, input);
  }

  reauthenticate(auth: RequestAuth<Account>, input: ReauthenticateInput): Promise<FlowResult> {
    return reauthenticate(this.#context, auth, input);
  }

  changePassword(auth: RequestAuth<Account>, input: ChangePasswordInput): Promise<FlowResult> {
    return changePassword(this.#context, auth, input);
  }

  requestReset(auth: RequestAuth<Account>, input: { readonly email: string }): Promise<FlowResult> {
    return requestReset(this.#context, auth, input);
  }

  checkResetLink(token: string): Promise<boolean> {
    return checkResetLink(this.#context, token);
  }

  resetPassword(
    token: string,
    input: NewPasswordInput,
    client: ClientContext | null = null,
  ): Promise<ResetResult> {
    return resetPassword(this.#context, token, input, client);
  }

  requestEmailChange(auth: RequestAuth<Account>, input: ChangeEmailInput): Promise<FlowResult> {
    return requestEmailChange(this.#context, auth, input);
  }

  confirmEmailChange(token: string, client: ClientContext | null = null): Promise<LinkResult> {
    return confirmEmailChange(this.#context, token, client);
  }

  revokeOtherSessions(auth: RequestAuth<Account>): Promise<number> {
    return revokeOtherSessions(this.#context, auth);
  }

  createApiToken(auth: RequestAuth<Account>, input: NewApiTokenInput): Promise<NewApiTokenResult> {
    return createApiToken(this.#context, auth, input);
  }

  listApiTokens(auth: RequestAuth<Account>): Promise<ApiTokenInfo[]> {
    return listApiTokens(this.#context, auth);
  }

  revokeApiToken(auth: RequestAuth<Account>, id: string): Promise<boolean> {
    return revokeApiToken(this.#context, auth, id);
  }

  findAccounts(auth: RequestAuth<Account>, query: AccountQuery): Promise<Account[] | null> {
    return findAccounts(this.#context, auth, query);
  }

  disableAccount(auth: RequestAuth<Account>, id: string): Promise<AdminResult> {
    return disableAccount(this.#context, auth, id);
  }

  enableAccount(auth: RequestAuth<Account>, id: string): Promise<AdminResult> {
    return enableAccount(this.#context, auth, id);
  }

  revokeAccountSessions(auth: RequestAuth<Account>, id: string): Promise<AdminResult> {
    return revokeAccountSessions(this.#context, auth, id);
  }

  setRole(
    id: string,
    role: AccountRole,
    by: { readonly actorId?: string | null; readonly from?: ClientContext | string | null } = {},
  ): Promise<Account | null> {
    return setRole(this.#context, id, role, by);
  }

  async record(event: AccountEvent): Promise<void> {
    const { type, accountId, address, ...extra } = event;
    const { userAgent, ...rest } = extra;
    await this.#context.emit(type, accountId, { address, userAgent: userAgent ?? null }, rest);
  }

  recentEvents(auth: RequestAuth<Account>, limit = 10): Promise<AuditEntry[]> {
    return recentEvents(this.#context, auth, limit);
  }

  auditPage(auth: RequestAuth<Account>, query: AuditQuery): Promise<AuditEntry[] | null> {
    return auditPage(this.#context, auth, query);
  }

  pruneAudit(retention: Duration): Promise<number> {
    return pruneAudit(this.#context, retention);
  }

  /** Waits for the audit entries of the login manager's events still being written. */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  /** Stops recording the login manager's events (call when shutting down). */
  close(): void {
    this.#stopWatching();
  }
}
