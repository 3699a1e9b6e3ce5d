/** @module Fastify's `inject()` behind a fetch-like function, answering WHATWG `Response`s. */
import type { FastifyInstance } from 'fastify';
import type { Fetch } from './parity-app.js';

const NO_BODY = new Set([101, 204, 205, 304]);

/** A {@link Fetch} over `app.inject()`: no socket, no port, the same `Response` as fetch gives. */
export function injectFetch(app: FastifyInstance): Fetch {
  return async (path, init = {}) => {
    const response = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: path,
      headers: Object.fromEntries(new Headers(init.headers)),
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [String(value)]) headers.append(name, one);
    }
    const body = NO_BODY.has(response.statusCode) ? null : response.rawPayload;
    return new Response(body, { status: response.statusCode, headers });
  };
}
