/**
 * @module The Node HTTP server's limits: how long a client may take to send its headers and its
 * whole request, how often idle and slow connections are checked, and how large headers may be.
 */
import type { ServerOptions } from 'node:http';

/** The server's time limits, in milliseconds. */
export interface HttpTimeouts {
  /** A client that has not sent every header by then is dropped (slowloris). */
  readonly headersMs: number;
  /** A client that has not sent the whole request (headers and body) by then is dropped. */
  readonly requestMs: number;
  /** How often Node looks for connections past those limits. */
  readonly checkIntervalMs: number;
  /** An idle keep-alive connection is closed after this long. */
  readonly keepAliveMs: number;
}

/**
 * Generous for a person on a slow link (a form is at most 64 KiB), short enough that a client
 * dribbling bytes holds a connection for seconds, not Node's default of minutes.
 */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = Object.freeze({
  headersMs: 10_000,
  requestMs: 30_000,
  checkIntervalMs: 1_000,
  keepAliveMs: 5_000,
});

/** Headers larger than this in total get `431` before the app sees them (Node's default). */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * The `http.createServer` options for these timeouts.
 *
 * @example serve({ fetch, serverOptions: httpServerOptions(DEFAULT_HTTP_TIMEOUTS) });
 */
export function httpServerOptions(timeouts: HttpTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    maxHeaderSize: MAX_HEADER_BYTES,
  };
}
