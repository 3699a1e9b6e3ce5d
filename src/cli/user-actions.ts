/**
 * @module What the user commands change, done the way the app does it: the app's password policy,
 * and sessions ended through the login manager so every process hears of it.
 */
import { ACCOUNT_ID_BYTES, accountIdFrom } from '../accounts/account-id.js';
import { DEFAULT_MIN_PASSWORD_LENGTH } from '../accounts/context.js';
import { newPasswordErrors, parseRegisterForm } from '../accounts/forms.js';
import type { Account, AccountRole } from '../accounts/types.js';
import { systemRandom } from '../clock.js';
import { createPasswordHasher } from '../password/hasher.js';
import { CliError, usageError } from './cli-error.js';
import type { Services } from './services.js';

/** What `user create` is given. */
export interface NewUser {
  readonly email: string;
  readonly username: string;
  readonly password: string;
  readonly confirmed: boolean;
}

/**
 * Creates an account under the registration form's rules (email, username, password policy);
 * a bad email or username is a usage error, a refused password or a taken field a failure.
 *
 * @example const account = await createUser(services, { email, username, password, confirmed: true }, Date.now());
 */
export async function createUser(
  services: Services,
  input: NewUser,
  now: number,
): Promise<Account> {
  const form = parseRegisterForm(
    {
      email: input.email,
      username: input.username,
      password: input.password,
      password2: input.password,
    },
    DEFAULT_MIN_PASSWORD_LENGTH,
  );
  if (!form.ok) {
    const { email, username, password } = form.errors;
    if (email) throw usageError(`Email: ${email}`);
    if (username) throw usageError(`Username: ${username}`);
    throw new CliError(`The password was refused: ${password ?? 'it does not meet the policy.'}`);
  }
  const passwordHash = await createPasswordHasher().hash(form.value.password);
  const created = await services.change(async (tx) => {
    const account = await tx.accounts.create({
      id: accountIdFrom(systemRandom(ACCOUNT_ID_BYTES)),
      email: form.value.email,
      username: form.value.username,
      passwordHash,
      createdAt: now,
    });
    if (typeof account === 'string') return account;
    await tx.record('registered', account.id, { confirmed: input.confirmed });
    if (!input.confirmed) return account;
    const confirmed = await tx.accounts.update(account.id, { confirmed: true });
    return isAccount(confirmed) ? confirmed : account;
  });
  if (created === 'email_taken') {
    throw new CliError(`An account with the email ${form.value.email} already exists.`);
  }
  if (created === 'username_taken') {
    throw new CliError(`The username ${form.value.username} is taken (ignoring case).`);
  }
  return created;
}

function isAccount(value: Account | 'email_taken' | null): value is Account {
  return value !== null && value !== 'email_taken';
}

/**
 * Disables (or enables) an account. Disabling ends every session, remember-me token and API
 * token of it at once, in every process the store's channel reaches; returns how many sessions
 * and tokens ended.
 *
 * @example const { sessions, tokens } = await setDisabled(services, account, true);
 */
export async function setDisabled(
  services: Services,
  account: Account,
  disabled: boolean,
): Promise<{ sessions: number; tokens: number }> {
  await services.change(async (tx) => {
    if (isAccount(await tx.accounts.update(account.id, { disabled }))) {
      await tx.record(disabled ? 'account_disabled' : 'account_enabled', account.id);
    }
  });
  if (!disabled) {
    await services.manager.invalidateUser(account.id);
    return { sessions: 0, tokens: 0 };
  }
  // Ended once the account is disabled, as the admin page does: a racing login is refused by then.
  const sessions = await services.manager.revokeUserSessions(account.id);
  const tokens = await services.apiTokens.revokeForUser(account.id);
  await services.manager.invalidateUser(account.id);
  await services.change((tx) =>
    tx.record('account_sessions_revoked', account.id, {
      cause: 'account_disabled',
      sessionsEnded: sessions,
      tokensEnded: tokens,
    }),
  );
  return { sessions, tokens };
}

/**
 * Gives an account a role, taking effect on its next request in every process; returns the
 * account as it now is (unchanged, and nothing recorded, when it had that role already).
 *
 * @example const updated = await setRole(services, account, 'admin');
 */
export async function setRole(
  services: Services,
  account: Account,
  role: AccountRole,
): Promise<Account> {
  if (account.role === role) return account;
  const updated = await services.change(async (tx) => {
    const written = await tx.accounts.update(account.id, { role });
    if (isAccount(written)) {
      await tx.record('role_changed', account.id, { from: account.role, to: role });
    }
    return written;
  });
  if (!isAccount(updated)) throw new CliError(`No account has the id ${account.id}.`);
  await services.manager.invalidateUser(account.id);
  return updated;
}

/**
 * Gives an account a new password under the app's policy and ends what the old one opened: every
 * session and remember-me token, and every reset and email-change link. Returns the sessions ended.
 *
 * @example const ended = await setPassword(services, account, password, Date.now());
 */
export async function setPassword(
  services: Services,
  account: Account,
  password: string,
  now: number,
): Promise<number> {
  const errors = newPasswordErrors(
    { password, password2: password },
    { minLength: DEFAULT_MIN_PASSWORD_LENGTH, context: [account.email, account.username] },
  );
  if (errors.password) throw new CliError(`The password was refused: ${errors.password}`);
  const passwordHash = await createPasswordHasher().hash(password);
  await services.change(async (tx) => {
    const written = await tx.accounts.update(account.id, { passwordHash, passwordChangedAt: now });
    if (isAccount(written)) await tx.record('password_changed', account.id);
  });
  const { tokens } = services.manager.stores;
  await Promise.all([
    tokens.deleteForUser(account.id, 'reset'),
    tokens.deleteForUser(account.id, 'email-change'),
  ]);
  const ended = await services.manager.revokeUserSessions(account.id);
  await services.change((tx) =>
    tx.record('sessions_revoked', account.id, { cause: 'password_changed', sessionsEnded: ended }),
  );
  return ended;
}

/**
 * Turns two-factor off for an account that can no longer prove it (the operator's answer to a
 * lost authenticator and lost recovery codes): the secret and every recovery code go, with the
 * audit entry, in one transaction. False when it was off already.
 *
 * @example const wasOn = await turnTwoFactorOff(services, account);
 */
export async function turnTwoFactorOff(services: Services, account: Account): Promise<boolean> {
  return services.change(async (tx) => {
    const wasOn = await tx.twoFactor.disable(account.id);
    if (wasOn) await tx.record('two_factor_disabled', account.id, { by: 'operator' });
    return wasOn;
  });
}
