/**
 * @module A hook on Node's `ServerResponse` that runs just before the status line and
 * headers are written, for adapters that answer through it (Express).
 */
import type { ServerResponse } from 'node:http';

/**
 * Runs `listener` once, just before the headers are written: every way of answering
 * (`send`, `json`, `redirect`, `end`, a piped stream) goes through `writeHead`.
 *
 * @example beforeHeaders(res, () => res.appendHeader('Set-Cookie', cookies));
 */
export function beforeHeaders(res: ServerResponse, listener: () => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    res.writeHead = writeHead;
    // Headers handed to writeHead would replace ours: apply them first, as Node would.
    const last = rest.at(-1);
    if (typeof last === 'object' && last !== null) {
      rest.pop();
      if (Array.isArray(last)) {
        for (let i = 0; i < last.length; i += 2) res.removeHeader(last[i]);
        for (let i = 0; i < last.length; i += 2) res.appendHeader(last[i], last[i + 1]);
      } else for (const [name, value] of Object.entries(last)) res.setHeader(name, value);
    }
    listener();
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
}
