/**
 * @module A hook on Node's `ServerResponse` that runs just before the status line and
 * headers are written, for adapters that answer through it (Express).
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

type Headers = OutgoingHttpHeaders | readonly unknown[];

/**
 * Runs `listener` once, just before the headers are written: every way of answering
 * (`send`, `json`, `redirect`, `end`, a piped stream) goes through `writeHead`.
 *
 * @example beforeHeaders(res, () => res.appendHeader('Set-Cookie', cookies));
 */
export function beforeHeaders(res: ServerResponse, listener: () => void): void {
  const writeHead = res.writeHead as (
    this: ServerResponse,
    status: number,
    reason?: string,
  ) => ServerResponse;
  // Named parameters, not a rest array: this runs on every response, and Express's own answers
  // call writeHead(status) alone, so the common case allocates nothing here.
  res.writeHead = function (
    this: ServerResponse,
    status: number,
    reason?: unknown,
    headers?: unknown,
  ) {
    res.writeHead = writeHead as ServerResponse['writeHead'];
    // Headers handed to writeHead would replace ours: apply them first, as Node would.
    if (typeof reason === 'object' && reason !== null) {
      applyHeaders(res, reason as Headers);
      reason = undefined;
    } else if (typeof headers === 'object' && headers !== null) {
      applyHeaders(res, headers as Headers);
    }
    listener();
    return typeof reason === 'string'
      ? writeHead.call(this, status, reason)
      : writeHead.call(this, status);
  } as ServerResponse['writeHead'];
}

function applyHeaders(res: ServerResponse, headers: Headers): void {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) res.removeHeader(headers[i]);
    for (let i = 0; i < headers.length; i += 2) res.appendHeader(headers[i], headers[i + 1]);
  } else {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value as never);
  }
}
