/**
 * @module The account flows as one service: register, confirm, log in with throttling,
 * reauthenticate, change and reset the password, change the email.
 */
import type { RequestAuth } from '../core/request-auth.js';
import type {
  AccountsOptions,
  AccountsService,
  ChangeEmailInput,
  ChangePasswordInput,
  LoginInput,
  LoginResult,
  NewPasswordInput,
  ReauthenticateInput,
  RegisterInput,
  ResetResult,
} from './accounts-api.js';
import { type AccountsContext, createAccountsContext } from './context.js';
import { confirmEmailChange, requestEmailChange } from './email-flows.js';
import { login, reauthenticate } from './login-flows.js';
import { changePassword, checkResetLink, requestReset, resetPassword } from './password-flows.js';
import { confirm, register, resendConfirmation } from './register-flows.js';
import { createTwoFactorService } from './two-factor/flows.js';
import { createPasskeyService } from './two-factor/passkey-flows.js';
import type { PasskeyService, TwoFactorService } from './two-factor/services.js';
import type { Account, FlowResult, LinkResult } from './types.js';

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

  constructor(options: AccountsOptions) {
    this.#context = createAccountsContext(options);
    this.twoFactor = createTwoFactorService(this.#context);
    this.passkeys = createPasskeyService(this.#context);
  }

  register(auth: RequestAuth<Account>, input: RegisterInput): Promise<FlowResult> {
    return register(this.#context, auth, input);
  }

  confirm(token: string): Promise<LinkResult> {
    return confirm(this.#context, token);
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

  resetPassword(token: string, input: NewPasswordInput): Promise<ResetResult> {
    return resetPassword(this.#context, token, input);
  }

  requestEmailChange(auth: RequestAuth<Account>, input: ChangeEmailInput): Promise<FlowResult> {
    return requestEmailChange(this.#context, auth, input);
  }

  confirmEmailChange(token: string): Promise<LinkResult> {
    return confirmEmailChange(this.#context, token);
  }
}
