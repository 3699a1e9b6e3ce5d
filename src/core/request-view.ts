/** @module What the core needs of a request: strings only, no framework types. */

/** A framework-neutral view of an incoming request, built by each adapter. */
export interface RequestView {
  /** Upper-case method, e.g. `GET`. */
  readonly method: string;
  /** The absolute request URL (`http://host/path?query`). */
  readonly url: string;
  /** A header's value, or null; names are case-insensitive. */
  header(name: string): string | null;
  /** The socket's peer address, or null when unknown. */
  readonly remoteAddress: string | null;
}

/** Builds a RequestView from a WHATWG `Request`, for adapters and tests. */
export function requestViewFromFetch(
  request: Request,
  remoteAddress: string | null = null,
): RequestView {
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    header: (name) => request.headers.get(name),
    remoteAddress,
  };
}

/** The path and query of a request URL, e.g. `/secret?x=1`. */
export function pathAndQuery(url: string): string {
  const parsed = URL.parse(url);
  return parsed ? parsed.pathname + parsed.search : '/';
}

/** True when the client asks for JSON and not HTML (API clients, fetch calls). */
export function wantsJson(request: RequestView): boolean {
  const accept = request.header('accept')?.toLowerCase() ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}
