/** @module What accounts may do, by role: the policy the admin guards and flows check. */
import { defineAccess } from '../core/permissions.js';
import type { Account } from './types.js';

/**
 * Accounts' roles: every user reads their profile and manages their tokens; admins also
 * manage accounts and read the audit log. A disabled account holds no role, and an address
 * not yet confirmed counts as a plain user (an `ADMIN_EMAIL` registration proves nothing
 * until its link is followed).
 *
 * @example app.get('/admin/users', roleRequired(accountAccess, 'admin', { fresh: true }), list);
 */
export const accountAccess = defineAccess({
  roles: {
    user: ['profile:read', 'tokens:manage'],
    admin: ['profile:read', 'tokens:manage', 'users:manage', 'audit:read'],
  },
  roleOf: (account: Account) => {
    if (account.disabled) return null;
    return account.confirmed ? account.role : 'user';
  },
});
