/** @module Where an account event came from: the request's client address and user agent. */
import type { RequestView } from '../core/request-view.js';
import type { AccountEvent, ClientContext } from './types.js';

/** What an event needs of a request's auth (any `RequestAuth`). */
export interface RequestClient {
  readonly clientAddress: string | null;
  readonly request: Pick<RequestView, 'header'>;
}

/** The request's auth, a client context, a bare address, or nothing known. */
export type EventSource = RequestClient | ClientContext | string | null;

/**
 * The client a request came from: its address (trusted proxies applied) and user agent.
 *
 * @example await accounts.confirm(token, clientOf(auth));
 */
export function clientOf(auth: RequestClient): ClientContext {
  return { address: auth.clientAddress, userAgent: auth.request.header('user-agent') };
}

/**
 * Builds an account event from its parts.
 *
 * @example eventFrom('login_ok', account.id, auth, {});
 */
export function eventFrom(
  type: AccountEvent['type'],
  accountId: string | null,
  from: EventSource,
  extra: Partial<Pick<AccountEvent, 'actorId' | 'outcome' | 'reason' | 'detail'>>,
): AccountEvent {
  const client: ClientContext =
    from === null || typeof from === 'string'
      ? { address: from }
      : 'request' in from
        ? clientOf(from)
        : from;
  return {
    type,
    accountId,
    address: client.address,
    ...(client.userAgent == null ? {} : { userAgent: client.userAgent }),
    ...extra,
  };
}
