/** @module Whether the client asked for JSON rather than a page (the contract's JSON clients). */
import type { Context } from 'hono';
import { requestViewFromFetch, wantsJson } from '../../src/index.js';

/**
 * True when `Accept` names `application/json` and not `text/html`.
 *
 * @example if (isJsonClient(c)) return c.json({ error: 'csrf_failed' }, 403);
 */
export function isJsonClient(c: Context): boolean {
  return wantsJson(requestViewFromFetch(c.req.raw));
}
