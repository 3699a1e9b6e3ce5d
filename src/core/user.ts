/** @module The user contract: how the manager reads an id and an active flag, and the anonymous user. */
import { LatchkeyError } from '../errors.js';

/** The visitor who is not logged in. Compare with `isAnonymous(user)`. */
export interface AnonymousUser {
  readonly isAuthenticated: false;
  readonly isActive: false;
  readonly isAnonymous: true;
  getId(): null;
}

/** The default anonymous user (frozen; make your own with the `anonymousUser` option). */
export const ANONYMOUS_USER: AnonymousUser = Object.freeze({
  isAuthenticated: false,
  isActive: false,
  isAnonymous: true,
  getId: () => null,
});

/**
 * True when `user` is an anonymous user (the manager's or any object marked `isAnonymous: true`).
 *
 * @example if (isAnonymous(await auth.user())) return c.redirect('/login');
 */
export function isAnonymous(user: unknown): user is AnonymousUser {
  return typeof user === 'object' && user !== null && (user as AnonymousUser).isAnonymous === true;
}

/**
 * The default id reader: `user.getId()` when present, else `user.id` as a string.
 * Throws `user_id_missing` when neither exists (a programming error).
 */
export function defaultUserId(user: unknown): string {
  if (typeof user === 'object' && user !== null) {
    const candidate = user as { getId?: unknown; id?: unknown };
    if (typeof candidate.getId === 'function') {
      const id: unknown = candidate.getId();
      if (typeof id === 'string' || typeof id === 'number' || typeof id === 'bigint')
        return String(id);
    } else if (
      typeof candidate.id === 'string' ||
      typeof candidate.id === 'number' ||
      typeof candidate.id === 'bigint'
    ) {
      return String(candidate.id);
    }
  }
  throw new LatchkeyError(
    'user_id_missing',
    'The user has no id: give it an `id` field or a `getId()` method, or set the `getUserId` option.',
  );
}

/** The default active check: `user.isActive` when it is a boolean, else active. */
export function defaultUserIsActive(user: unknown): boolean {
  const flag = (user as { isActive?: unknown } | null)?.isActive;
  return typeof flag === 'boolean' ? flag : true;
}

/**
 * An optional base class with Flask-Login's `UserMixin` defaults: active,
 * authenticated, not anonymous, string id, equality by id.
 *
 * @example class User extends BaseUser { constructor(readonly id: number, readonly name: string) { super(); } }
 */
export class BaseUser {
  get isActive(): boolean {
    return true;
  }

  get isAuthenticated(): boolean {
    return this.isActive;
  }

  get isAnonymous(): false {
    return false;
  }

  getId(): string {
    const id = (this as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number' || typeof id === 'bigint')
      return String(id);
    throw new LatchkeyError(
      'user_id_missing',
      `${this.constructor.name} has no \`id\`; define one or override getId().`,
    );
  }

  /** Same user: another `BaseUser` with the same id (never a plain string). */
  equals(other: unknown): boolean {
    return other instanceof BaseUser && other.getId() === this.getId();
  }
}
