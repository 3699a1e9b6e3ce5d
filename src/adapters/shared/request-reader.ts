/**
 * @module The core's view of a framework request, built by every adapter from a
 * reader: how to get the method, URL, headers and socket address out of it.
 */
import type { RequestView } from '../../core/request-view.js';

/** How an adapter reads its framework's request; built once per middleware, not per request. */
export interface RequestReader<R> {
  method(request: R): string;
  /** The absolute URL: scheme, host and the original path with its query. */
  url(request: R): string;
  /** One header's value, or null; `name` arrives in lower case. */
  header(request: R, name: string): string | null;
  /** The socket's peer address (never a forwarded header: the core decides whom to trust). */
  remoteAddress(request: R): string | null;
}

/**
 * One framework request as the core sees it; the URL and address are read only when asked.
 *
 * @example manager.begin(new AdapterRequestView(req, expressReader));
 */
export class AdapterRequestView<R> implements RequestView {
  readonly method: string;
  readonly #request: R;
  readonly #reader: RequestReader<R>;
  #url: string | undefined;

  constructor(request: R, reader: RequestReader<R>) {
    this.#request = request;
    this.#reader = reader;
    this.method = reader.method(request).toUpperCase();
  }

  get url(): string {
    this.#url ??= this.#reader.url(this.#request);
    return this.#url;
  }

  get remoteAddress(): string | null {
    return this.#reader.remoteAddress(this.#request);
  }

  header(name: string): string | null {
    return this.#reader.header(this.#request, name.toLowerCase());
  }
}

/**
 * A header from Node's `IncomingHttpHeaders` (Express, Fastify): repeated ones arrive as arrays.
 *
 * @example nodeHeader(req.headers, 'cookie');
 */
export function nodeHeader(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.join(', ');
}
