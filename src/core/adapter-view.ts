/**
 * @module A RequestView over Node's incoming-message headers, shared by the adapters
 * whose requests carry them (Express, Fastify).
 */
import type { RequestView } from './request-view.js';

/** Node's `IncomingHttpHeaders` shape: lower-case names, a few repeated headers as arrays. */
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** How an adapter reads its framework's request; built once per middleware, not per request. */
export interface IncomingReader<R> {
  method(request: R): string;
  headers(request: R): IncomingHeaders;
  /** The absolute URL: scheme, `Host` and the original path with its query. */
  url(request: R): string;
  /** The socket's peer address (never a forwarded header: the core decides whom to trust). */
  remoteAddress(request: R): string | null;
}

/**
 * The core's view of one framework request; the URL and address are read only when asked.
 *
 * @example manager.begin(new IncomingRequestView(req, expressReader));
 */
export class IncomingRequestView<R> implements RequestView {
  readonly method: string;
  readonly #request: R;
  readonly #reader: IncomingReader<R>;
  readonly #headers: IncomingHeaders;
  #url: string | undefined;

  constructor(request: R, reader: IncomingReader<R>) {
    this.#request = request;
    this.#reader = reader;
    this.method = reader.method(request).toUpperCase();
    this.#headers = reader.headers(request);
  }

  get url(): string {
    this.#url ??= this.#reader.url(this.#request);
    return this.#url;
  }

  get remoteAddress(): string | null {
    return this.#reader.remoteAddress(this.#request);
  }

  header(name: string): string | null {
    const value = this.#headers[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  }
}
