/** @module latchkey: the framework-agnostic login manager. */

export type { Clock, RandomSource } from './clock.js';
export {
  type ApiTokenInfo,
  ApiTokens,
  type ApiTokensOptions,
  type IssueApiTokenOptions,
} from './core/api-tokens.js';
export {
  type BearerError,
  type BearerOptions,
  type BearerOutcome,
  checkBearer,
} from './core/bearer.js';
export type { BrowserTickets, TicketInit } from './core/browser-ticket.js';
export type {
  CookieOptions,
  LegacyUserIdLookup,
  LoginManagerOptions,
  ProtectionMode,
  ResolvedConfig,
} from './core/config.js';
export type { CsrfFailure, CsrfOptions, CsrfVerdict } from './core/csrf-token.js';
export type { Duration } from './core/duration.js';
export type { LatchkeyEvents, Listener } from './core/events.js';
export type { FlashMessage } from './core/flash-box.js';
export type { GuardOutcome, GuardReason, TurnedAway } from './core/guards.js';
export { LoginManager } from './core/manager.js';
export type {
  CompletedLogin,
  PendingLogin,
  PendingLoginOptions,
  PendingLoginStep,
} from './core/pending-login.js';
export { type AccessPolicy, type AccessPolicyOptions, defineAccess } from './core/permissions.js';
export {
  type AuthSource,
  type GuardOptions,
  type LoginOptions,
  RequestAuth,
} from './core/request-auth.js';
export {
  pathAndQuery,
  type RequestView,
  requestViewFromFetch,
  wantsJson,
} from './core/request-view.js';
export type { SessionInfo } from './core/session-info.js';
export {
  ANONYMOUS_USER,
  type AnonymousUser,
  BaseUser,
  isAnonymous,
} from './core/user.js';
export type { Register, RegisteredUser } from './core/user-type.js';
export { LatchkeyError, type LatchkeyErrorCode } from './errors.js';
export { clientAddress, type TrustProxy } from './http/client-address.js';
export { parseCookieHeader } from './http/cookies.js';
export { decodeLegacyCookie } from './http/legacy-cookie.js';
export { loginUrl } from './http/login-url.js';
export { safeNext } from './http/safe-next.js';
export type { ApiTokenRecord, ApiTokenStore } from './stores/api-token-store.js';
export { createLocalInvalidationChannel } from './stores/local-invalidation.js';
export { createMemoryStores, MemoryApiTokenStore } from './stores/memory/index.js';
export type {
  CounterStore,
  CounterValue,
  Invalidation,
  InvalidationChannel,
  SessionPatch,
  SessionRecord,
  SessionStore,
  Stores,
  TokenRecord,
  TokenRotation,
  TokenStore,
} from './stores/types.js';
