/** @module Small pieces the flows share: refusals as status + messages, and the safe `next`. */
import type { Context } from 'hono';
import type { Refusal } from '../../src/accounts/index.js';
import { safeNext } from '../../src/index.js';
import type { Errors } from '../pages/form.js';
import type { RenderInit } from '../pages/render.js';

/** How a refused form is shown again. */
export interface RefusalView {
  readonly errors: Errors;
  readonly init: RenderInit;
}

/**
 * A refusal as the form's errors and its status: `429` + `Retry-After` when throttled;
 * else `401` for a bare "wrong password" (login, reauthentication) or `422` for field errors.
 *
 * @example const { errors, init } = refusalView(result, { passwordCheck: true });
 */
export function refusalView(
  refusal: Refusal,
  options: { readonly passwordCheck?: boolean } = {},
): RefusalView {
  if (refusal.reason === 'throttled') {
    const seconds = Math.max(1, Math.ceil(refusal.retryAfterSeconds));
    return {
      errors: { form: `Too many attempts. Please try again in ${humanDuration(seconds)}.` },
      init: { status: 429, headers: { 'Retry-After': String(seconds) } },
    };
  }
  const onlyForm = Object.keys(refusal.errors).every((name) => name === 'form');
  return {
    errors: refusal.errors,
    init: { status: options.passwordCheck && onlyForm ? 401 : 422 },
  };
}

/**
 * The `next` query parameter when it is a safe path on this site, else null.
 *
 * @example return c.redirect(nextOf(c, publicUrl) ?? '/', 302);
 */
export function nextOf(c: Context, publicUrl: string): string | null {
  return safeNext(c.req.query('next'), { origin: publicUrl });
}

/** The message of every bad, used or expired emailed link. */
export const INVALID_LINK = 'This link is invalid or has expired.';

function humanDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
