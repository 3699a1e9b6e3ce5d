/**
 * @module Roles and permissions: a typed policy (each role names its permissions, as Flasky's
 * `Permission` flags do) and the guard options that check it on the user loaded this request.
 */
import { LatchkeyError } from '../errors.js';
import type { GuardOptions } from './request-auth.js';

/** What a user may do, by role. `R` names the roles, `P` the permissions. */
export interface AccessPolicy<U, R extends string = string, P extends string = string> {
  /** Every role, in the order they were defined. */
  readonly roles: readonly R[];
  /** The user's role now, or null when the user holds none (no permission at all). */
  roleOf(user: U): R | null;
  /** The permissions a role grants. */
  permissionsOf(role: R): readonly P[];
  /** True when the user's role grants `permission`; false for nobody. */
  can(user: U | null | undefined, permission: P): boolean;
  /** True when the user holds exactly `role`; false for nobody. */
  hasRole(user: U | null | undefined, role: R): boolean;
}

/** Options of {@link defineAccess}. */
export interface AccessPolicyOptions<U, R extends string, P extends string> {
  /** Each role and the permissions it grants. */
  readonly roles: { readonly [role in R]: readonly P[] };
  /** Reads the user's role; an unknown name, null or undefined means no role. */
  readonly roleOf: (user: U) => string | null | undefined;
}

/**
 * Defines roles and the permissions each grants; the role is read from the user on every
 * check, so a role taken away (and the user's cache entry invalidated) counts at once.
 *
 * @example
 * const access = defineAccess({
 *   roles: { user: ['profile:read'], admin: ['profile:read', 'users:manage'] },
 *   roleOf: (account: Account) => account.role,
 * });
 * access.can(account, 'users:manage');
 */
export function defineAccess<U, const R extends string, const P extends string>(
  options: AccessPolicyOptions<U, R, P>,
): AccessPolicy<U, R, P> {
  const grants = new Map<string, ReadonlySet<P>>();
  for (const [role, permissions] of Object.entries(options.roles) as [R, readonly P[]][]) {
    if (!Array.isArray(permissions)) {
      throw new LatchkeyError('config_invalid', `Role ${role} must list its permissions.`);
    }
    grants.set(role, new Set(permissions));
  }
  const roleOf = (user: U): R | null => {
    const role = options.roleOf(user);
    return typeof role === 'string' && grants.has(role) ? (role as R) : null;
  };
  return Object.freeze({
    roles: Object.freeze([...grants.keys()] as R[]),
    roleOf,
    permissionsOf: (role: R) => [...(grants.get(role) ?? [])],
    can(user: U | null | undefined, permission: P) {
      if (user === null || user === undefined) return false;
      const role = roleOf(user);
      return role !== null && (grants.get(role)?.has(permission) ?? false);
    },
    hasRole(user: U | null | undefined, role: R) {
      return user !== null && user !== undefined && roleOf(user) === role;
    },
  });
}

/**
 * Guard options that also require `permission` (after any `authorize` of their own).
 *
 * @example guard(withPermission(access, 'users:manage', { fresh: true }));
 */
export function withPermission<U, P extends string, O extends GuardOptions<U>>(
  policy: AccessPolicy<U, string, P>,
  permission: P,
  options: O,
): O {
  return withCheck<U, O>(options, (user) => policy.can(user, permission));
}

/**
 * Guard options that also require the role `role` (after any `authorize` of their own).
 *
 * @example guard(withRole(access, 'admin', { fresh: true }));
 */
export function withRole<U, R extends string, O extends GuardOptions<U>>(
  policy: AccessPolicy<U, R, string>,
  role: R,
  options: O,
): O {
  return withCheck<U, O>(options, (user) => policy.hasRole(user, role));
}

function withCheck<U, O extends GuardOptions<U>>(options: O, check: (user: U) => boolean): O {
  const own = options.authorize;
  const authorize: GuardOptions<U>['authorize'] = async (user, auth) =>
    check(user) && (own ? await own(user, auth) : true);
  return { ...options, authorize };
}
