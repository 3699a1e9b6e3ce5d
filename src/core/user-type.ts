/**
 * @module Declaration merging for the app's user type, so framework variables
 * (`c.var.user`, `req.user`) are typed without a generic at every use.
 */

/**
 * Augment this interface with your user type:
 *
 * @example
 * declare module 'latchkey' { interface Register { user: User } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by applications.
export interface Register {}

/** The registered user type, or `unknown` when the app registered none. */
export type RegisteredUser = Register extends { user: infer U } ? U : unknown;
