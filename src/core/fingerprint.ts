/** @module Session-protection fingerprints: a hash of the client address and user agent. */
import { hash } from 'node:crypto';

/**
 * The fingerprint Flask-Login calls the session identifier: SHA-256 over the
 * client address and the user agent. Hashed so the store never holds a readable
 * pairing beyond what it already keeps for the sessions page.
 */
export function fingerprint(address: string | null, userAgent: string | null): string {
  return hash('sha256', `${address ?? ''}\n${userAgent ?? ''}`, 'base64url');
}
