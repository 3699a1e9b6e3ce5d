/** @module Flask-Login's test users, re-expressed: Notch, Steve, Creeper (inactive) and Müller (id 佐藤). */

export interface TestUser {
  readonly id: string;
  readonly name: string;
  readonly isActive: boolean;
  /** The role checked by the role and permission guards; none means `user`. */
  readonly role?: 'admin' | 'user';
}

export const notch: TestUser = { id: '1', name: 'Notch', isActive: true, role: 'admin' };
export const steve: TestUser = { id: '2', name: 'Steve', isActive: true };
export const creeper: TestUser = { id: '3', name: 'Creeper', isActive: false };
export const muller: TestUser = { id: '佐藤', name: 'Müller', isActive: true };

/** A mutable user table, so tests can delete or disable users. */
export function userTable(): Map<string, TestUser> {
  return new Map([notch, steve, creeper, muller].map((user) => [user.id, user]));
}
