/** @module What an application may see of a session: never its cookie value. */
import type { SessionRecord } from '../stores/types.js';
import { CSRF_SESSION_KEY } from './csrf-token.js';

/** What the app may show about a session (never its cookie value). */
export interface SessionInfo {
  /** The stored id (a hash), safe to show and to pass to `revokeSession`. */
  readonly id: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly fresh: boolean;
  readonly remembered: boolean;
  readonly userAgent: string | null;
  readonly address: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The public view of a stored session. */
export function toSessionInfo(session: SessionRecord): SessionInfo {
  return {
    id: session.id,
    userId: session.userId,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: session.expiresAt,
    fresh: session.freshAt !== null,
    remembered: session.remembered,
    userAgent: session.userAgent,
    address: session.address,
    data: withoutCsrfSecret(session.data),
  };
}

/** Session data as the app may see it: the CSRF secret stays inside the core. */
function withoutCsrfSecret(
  data: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  if (!(CSRF_SESSION_KEY in data)) return data;
  const { [CSRF_SESSION_KEY]: _secret, ...rest } = data;
  return rest;
}
