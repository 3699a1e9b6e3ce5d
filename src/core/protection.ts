/**
 * @module Session protection, as Flask-Login's `basic` and `strong` modes, but
 * bound at every session start (login and remember-me restore alike), so strong
 * mode and remember-me work together and a restore never looks like an attack.
 */
import type { SessionRecord } from '../stores/types.js';
import type { ProtectionMode } from './config.js';
import type { AuthEngine } from './engine.js';
import { fingerprint } from './fingerprint.js';

/** What protection decided about a session on this request. */
export type ProtectionResult =
  | { readonly kind: 'kept'; readonly session: SessionRecord }
  /** strong mode: the session was ended. */
  | { readonly kind: 'ended' };

export const protectSession = {
  /** The fingerprint to bind at session start; null when protection is off. */
  fingerprintFor(mode: ProtectionMode, address: string | null, userAgent: string | null) {
    return mode === 'off' ? null : fingerprint(address, userAgent);
  },

  /** Compares the request's client with the session's and applies the configured mode. */
  async check<U>(
    engine: AuthEngine<U>,
    session: SessionRecord,
    client: { address: string | null; userAgent: string | null },
  ): Promise<ProtectionResult & { changed: boolean }> {
    const mode = engine.config.protection;
    if (mode === 'off') return { kind: 'kept', session, changed: false };
    const current = fingerprint(client.address, client.userAgent);
    if (session.fingerprint === current) return { kind: 'kept', session, changed: false };
    if (session.fingerprint === null) {
      // Created without a client (the testing helper): bind to the first one seen.
      const bound = await engine.updateSession(session, { fingerprint: current });
      return { kind: 'kept', session: bound, changed: false };
    }
    if (mode === 'basic') {
      const demoted = await engine.updateSession(session, {
        fingerprint: current,
        freshAt: null,
        address: client.address,
        userAgent: client.userAgent,
      });
      return { kind: 'kept', session: demoted, changed: true };
    }
    await engine.endSessions([session.id]);
    if (session.rememberSelector) await engine.stores.tokens.delete(session.rememberSelector);
    return { kind: 'ended', changed: true };
  },
};
