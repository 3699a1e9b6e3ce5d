/**
 * @module The bearer guard's decision, framework-free (RFC 6750): a token and its active owner,
 * or `401 invalid_token` with `WWW-Authenticate: Bearer`, or `403 insufficient_scope`.
 * Cookies play no part: a browser's session never opens a bearer-only route.
 */
import type { ApiTokenInfo, ApiTokens } from './api-tokens.js';

/** Why a bearer guard refused. */
export type BearerError = 'invalid_token' | 'insufficient_scope';

/** What a bearer guard decided. */
export type BearerOutcome<U> =
  | { readonly action: 'allow'; readonly token: ApiTokenInfo; readonly user: U }
  | {
      readonly action: 'deny';
      readonly status: 401 | 403;
      readonly body: { readonly error: BearerError };
      /** At least `WWW-Authenticate`. */
      readonly headers: Readonly<Record<string, string>>;
    };

/** Options of {@link checkBearer}. */
export interface BearerOptions<U> {
  /** The scope the route needs; none: any genuine token. */
  readonly scope?: string;
  /** Loads the token's owner (the login manager's cached `loadUser`); null when gone. */
  readonly loadUser: (id: string) => Promise<U | null> | U | null;
  /** Whether the owner may still act; default: every loaded user. */
  readonly isUserActive?: (user: U) => boolean;
}

/**
 * Judges a request's `Authorization` header.
 *
 * @example
 * const outcome = await checkBearer(tokens, c.req.header('authorization'), {
 *   scope: 'profile:read', loadUser: (id) => manager.loadUser(id),
 * });
 */
export async function checkBearer<U>(
  tokens: ApiTokens,
  authorization: string | null | undefined,
  options: BearerOptions<U>,
): Promise<BearerOutcome<U>> {
  const token = await tokens.authenticate(authorization);
  const user = token ? await options.loadUser(token.userId) : null;
  if (!token || user === null || !(options.isUserActive?.(user) ?? true)) {
    return {
      action: 'deny',
      status: 401,
      body: { error: 'invalid_token' },
      headers: { 'WWW-Authenticate': 'Bearer' },
    };
  }
  if (options.scope !== undefined && !token.scopes.includes(options.scope)) {
    return {
      action: 'deny',
      status: 403,
      body: { error: 'insufficient_scope' },
      headers: {
        'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${options.scope}"`,
      },
    };
  }
  return { action: 'allow', token, user };
}
