/** @module latchkey/accounts: the account flows as a service, with memory and SQL account stores. */
export { accountAccess } from './access.js';
export { Accounts } from './accounts.js';
export type {
  AccountsOptions,
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
  ThrottleOptions,
} from './accounts-api.js';
export type { AuditEntry, AuditLog, AuditQuery } from './audit-log.js';
export { clientOf } from './event-source.js';
export { MAX_EMAIL_LENGTH, normalizeEmail } from './forms.js';
export { accountLoginOptions } from './login-options.js';
export { createMemoryAccountStore } from './memory-account-store.js';
export { createMemoryAuditLog } from './memory-audit-log.js';
export { createSqlAccountStore } from './sql/account-store.js';
export { createSqlApiTokenStore } from './sql/api-token-store.js';
export { createSqlAuditLog } from './sql/audit-log.js';
export { createSqlLegacyIds, type LegacyIds } from './sql/legacy-ids.js';
export { migrateAccounts } from './sql/migrate.js';
export { createSqlPasskeyStore } from './sql/passkey-store.js';
export type {
  AccountsApiTokensTable,
  AccountsAuditTable,
  AccountsDatabase,
  AccountsLegacyIdsTable,
  AccountsUsersTable,
  SqlAccountStoreOptions,
} from './sql/schema.js';
export type { TwoFactorDatabase } from './sql/two-factor-schema.js';
export { createSqlTwoFactorStore } from './sql/two-factor-store.js';
export {
  createMemoryPasskeyStore,
  createMemoryTwoFactorStore,
} from './two-factor/memory-stores.js';
export type { PasskeyOptions, TwoFactorOptions } from './two-factor/options.js';
export type { SecondFactorMethod } from './two-factor/prove-types.js';
export type {
  PasskeyInfo,
  PasskeyResult,
  PasskeyService,
  RecoveryCodesResult,
  SecondFactorLoginResult,
  TwoFactorService,
  TwoFactorStatus,
} from './two-factor/services.js';
export type { SetupShown } from './two-factor/setup-state.js';
export type {
  PasskeyRecord,
  PasskeyStore,
  TotpEnable,
  TotpRecord,
  TwoFactorStore,
} from './two-factor/store-types.js';
export type {
  Account,
  AccountEvent,
  AccountPatch,
  AccountQuery,
  AccountResult,
  AccountRole,
  AccountStore,
  ClientContext,
  FieldErrors,
  FlowResult,
  LinkResult,
  Mailer,
  MailKind,
  MailMessage,
  NewAccount,
  Refusal,
} from './types.js';
