/**
 * @module The guards every adapter offers, built once from the adapter's own `guard`:
 * `loginRequired` and `freshLoginRequired` differ only in the `fresh` rule, and
 * `permissionRequired` / `roleRequired` add an access-policy check to `authorize`.
 */
import { type AccessPolicy, withPermission, withRole } from '../../core/permissions.js';
import type { GuardOptions } from '../../core/request-auth.js';
import type { RegisteredUser } from '../../core/user-type.js';
import type { TurnAwayHandlers } from './guard-response.js';

/** An adapter's guards; `M` is its middleware type, `H` its turn-away handler type. */
export interface GuardFamily<M, H> {
  loginRequired<U = RegisteredUser>(options?: GuardOptions<U> & TurnAwayHandlers<H>): M;
  freshLoginRequired<U = RegisteredUser>(
    options?: Omit<GuardOptions<U>, 'fresh'> & TurnAwayHandlers<H>,
  ): M;
  permissionRequired<U = RegisteredUser, P extends string = string>(
    policy: AccessPolicy<U, string, P>,
    permission: P,
    options?: GuardOptions<U> & TurnAwayHandlers<H>,
  ): M;
  roleRequired<U = RegisteredUser, R extends string = string>(
    policy: AccessPolicy<U, R, string>,
    role: R,
    options?: GuardOptions<U> & TurnAwayHandlers<H>,
  ): M;
}

/**
 * Builds the guards from one function turning options into the framework's middleware.
 *
 * @example const { loginRequired, freshLoginRequired } = guardFamily(guard);
 */
export function guardFamily<M, H>(
  guard: <U>(options: GuardOptions<U> & TurnAwayHandlers<H>) => M,
): GuardFamily<M, H> {
  return {
    loginRequired: (options = {}) => guard(options),
    freshLoginRequired: (options = {}) => guard({ ...options, fresh: true }),
    permissionRequired: (policy, permission, options = {}) =>
      guard(withPermission(policy, permission, options)),
    roleRequired: (policy, role, options = {}) => guard(withRole(policy, role, options)),
  };
}
