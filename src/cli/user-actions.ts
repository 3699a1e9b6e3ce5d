/**
 * @module What the user commands change, done the way the app does it: the app's password policy,
 * and sessions ended through the login manager so every process hears of it.
 */
import { ACCOUNT_ID_BYTES, accountIdFrom } from '../accounts/account-id.js';
import { DEFAULT_MIN_PASSWORD_LENGTH } from '../accounts/context.js';
import { eventFrom } from '../accounts/event-source.js';
import { newPasswordErrors, parseRegisterForm } from '../accounts/forms.js';
import type { Account, AccountEvent, AccountRole } from '../accounts/types.js';
import { systemRandom } from '../clock.js';
import { createPasswordHasher } from '../password/hasher.js';
import { CliError, usageError } from './cli-error.js';
import type { Services } from './services.js';

/** Where the audit log says a command-line change came from: no address, this user agent. */
export const CLI_CLIENT = { address: null, userAgent: 'latchkey command line' } as const;

/**
 * Records what a command changed, as the app records its own changes; the actor is null, not
 * the account: the operator at the shell has no account here.
 *
 * @example await recordChange(services, 'account_disabled', account.id, { sessionsEnded: 2 });
 */
export function recordChange(
  services: Services,
  type: AccountEvent['type'],
  accountId: string,
  detail?: AccountEvent['detail'],
): Promise<void> {
  return services.audit.record(
    eventFrom(type, accountId, CLI_CLIENT, { actorId: null, ...(detail ? { detail } : {}) }),
  );
}

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
  const created = await services.accounts.create({
    id: accountIdFrom(systemRandom(ACCOUNT_ID_BYTES)),
    email: form.value.email,
    username: form.value.username,
    passwordHash,
    createdAt: now,
  });
  if (created === 'email_taken') {
    throw new CliError(`An account with the email ${form.value.email} already exists.`);
  }
  if (created === 'username_taken') {
    throw new CliError(`The username ${form.value.username} is taken (ignoring case).`);
  }
  await recordChange(services, 'registered', created.id, { confirmed: input.confirmed });
  if (!input.confirmed) return created;
  const confirmed = await services.accounts.update(created.id, { confirmed: true });
  return confirmed && confirmed !== 'email_taken' ? confirmed : created;
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
  await services.accounts.update(account.id, { disabled });
  if (!disabled) {
    await services.manager.invalidateUser(account.id);
    await recordChange(services, 'account_enabled', account.id);
    return { sessions: 0, tokens: 0 };
  }
  const sessions = await services.manager.revokeUserSessions(account.id);
  const tokens = await services.apiTokens.revokeForUser(account.id);
  await services.manager.invalidateUser(account.id);
  await recordChange(services, 'account_disabled', account.id, {
    sessionsEnded: sessions,
    tokensEnded: tokens,
  });
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
  const updated = await services.accounts.update(account.id, { role });
  if (!updated || updated === 'email_taken') {
    throw new CliError(`No account has the id ${account.id}.`);
  }
  await services.manager.invalidateUser(account.id);
  await recordChange(services, 'role_changed', account.id, { from: account.role, to: role });
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
  await services.accounts.update(account.id, { passwordHash, passwordChangedAt: now });
  const { tokens } = services.manager.stores;
  await Promise.all([
    tokens.deleteForUser(account.id, 'reset'),
    tokens.deleteForUser(account.id, 'email-change'),
  ]);
  const ended = await services.manager.revokeUserSessions(account.id);
  await recordChange(services, 'password_changed', account.id, { sessionsEnded: ended });
  return ended;
}
