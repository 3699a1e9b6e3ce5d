/** @module latchkey/accounts: the account flows as a service, with memory and SQL account stores. */
export { Accounts } from './accounts.js';
export type {
  AccountsOptions,
  ChangeEmailInput,
  ChangePasswordInput,
  LoginInput,
  NewPasswordInput,
  RegisterInput,
  ResetResult,
  ThrottleOptions,
} from './accounts-api.js';
export { MAX_EMAIL_LENGTH, normalizeEmail } from './forms.js';
export { accountLoginOptions } from './login-options.js';
export { createMemoryAccountStore } from './memory-account-store.js';
export { createSqlAccountStore } from './sql/account-store.js';
export { createSqlLegacyIds, type LegacyIds } from './sql/legacy-ids.js';
export { migrateAccounts } from './sql/migrate.js';
export type {
  AccountsDatabase,
  AccountsLegacyIdsTable,
  AccountsUsersTable,
  SqlAccountStoreOptions,
} from './sql/schema.js';
export type {
  Account,
  AccountEvent,
  AccountPatch,
  AccountResult,
  AccountStore,
  FieldErrors,
  FlowResult,
  LinkResult,
  Mailer,
  MailKind,
  MailMessage,
  NewAccount,
  Refusal,
} from './types.js';
