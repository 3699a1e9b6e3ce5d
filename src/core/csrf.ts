/**
 * @module CSRF on one request: the token for its forms and the verdict on its unsafe
 * method, bound to the request's session (or the anonymous visitor's cookie).
 */
import { LatchkeyError } from '../errors.js';
import {
  type CsrfBindingSource,
  type CsrfVerdict,
  checkCsrf,
  ensureCsrfBinding,
  existingCsrfBinding,
  maskCsrfToken,
  type ResolvedCsrf,
} from './csrf-token.js';
import type { RequestContext } from './request-context.js';
import { resolveOnce } from './resolve-user.js';
import { updateSessionData } from './session-lifecycle.js';

/** A fresh masked token for this page's forms. */
export async function csrfTokenFor<U>(ctx: RequestContext<U>): Promise<string> {
  const csrf = csrfConfig(ctx);
  const { random } = ctx.engine.config;
  const binding = await ensureCsrfBinding(csrf, await bindingSource(ctx), random);
  return maskCsrfToken(csrf, binding, random);
}

/** Judges this request's unsafe method: `Sec-Fetch-Site`, `Origin`, then the token. */
export async function verifyCsrfFor<U>(
  ctx: RequestContext<U>,
  token: string | undefined,
): Promise<CsrfVerdict> {
  const csrf = csrfConfig(ctx);
  return checkCsrf(csrf, ctx.request, token, existingCsrfBinding(csrf, await bindingSource(ctx)));
}

function csrfConfig<U>(ctx: RequestContext<U>): ResolvedCsrf {
  const { csrf } = ctx.engine.config;
  if (!csrf) {
    throw new LatchkeyError('config_invalid', 'CSRF needs the csrf option on the LoginManager.');
  }
  return csrf;
}

async function bindingSource<U>(ctx: RequestContext<U>): Promise<CsrfBindingSource> {
  await resolveOnce(ctx);
  const { jar } = ctx;
  return {
    sessionData: ctx.state.session?.data ?? null,
    updateSessionData: (patch) => updateSessionData(ctx, patch),
    // A binding cookie set earlier in this request counts, so every form on a page agrees.
    cookie: (name) => jar.pendingValue(name) ?? ctx.cookies.get(name),
    setCookie: jar.set.bind(jar),
  };
}
