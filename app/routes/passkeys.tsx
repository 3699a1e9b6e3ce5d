/**
 * @module Passkeys: the list (fresh login), deleting one, and the JSON endpoints the pages'
 * script calls to register one and to sign in with one. Those take url-encoded fields with
 * the page's `csrf_token`, so the app's CSRF check covers them like every form.
 */
import type { Context, Hono } from 'hono';
import type { Refusal } from '../../src/accounts/index.js';
import { freshLoginRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { accountOf, authOf } from '../http/auth.js';
import { isJsonClient } from '../http/client-kind.js';
import { clientError } from '../http/errors.js';
import { field } from '../http/form-body.js';
import { PasskeysPage } from '../pages/passkeys.js';
import { render } from '../pages/render.js';
import { nextOf, refusalView } from './respond.js';

const NO_ANSWER = 'The browser sent no passkey answer.';

/** `GET /auth/passkeys`, `POST /auth/passkeys/<id>/delete` and the JSON endpoints under `/auth/passkeys/`. */
export function passkeyRoutes(app: Hono, { accounts, publicUrl }: AppDeps): void {
  const { passkeys } = accounts;

  app.get('/auth/passkeys', freshLoginRequired(), async (c) => {
    const list = await passkeys.list(accountOf(c).id);
    if (isJsonClient(c)) return c.json({ passkeys: list });
    return render(c, 'Your passkeys', (visitor) => (
      <PasskeysPage csrfToken={visitor.csrfToken} passkeys={list} />
    ));
  });

  app.post('/auth/passkeys/register/options', freshLoginRequired(), async (c) => {
    const options = await passkeys.registrationOptions(authOf(c));
    return options ? c.json(options) : c.json({ error: 'login_required' }, 401);
  });

  app.post('/auth/passkeys/register/verify', freshLoginRequired(), async (c) => {
    const response = credentialOf(c);
    if (response === undefined) return clientError(c, 400, NO_ANSWER);
    const result = await passkeys.register(authOf(c), {
      response,
      name: field(c.var.form, 'name'),
    });
    if (!result.ok) return refused(c, 400, result);
    authOf(c).flash(`Passkey “${result.passkey.name}” added.`, 'success');
    return answer(c, '/auth/passkeys', { passkey: result.passkey });
  });

  app.post('/auth/passkeys/login/options', async (c) => {
    return c.json(await passkeys.authenticationOptions(authOf(c)));
  });

  app.post('/auth/passkeys/login/verify', async (c) => {
    const response = credentialOf(c);
    if (response === undefined) return clientError(c, 400, NO_ANSWER);
    const result = await passkeys.authenticate(authOf(c), { response });
    if (!result.ok) return refused(c, 401, result);
    return answer(c, nextOf(c, publicUrl) ?? '/', {});
  });

  app.post('/auth/passkeys/:id/delete', freshLoginRequired(), async (c) => {
    const auth = authOf(c);
    if (!(await passkeys.remove(auth, c.req.param('id')))) {
      return clientError(c, 404, 'There is no such passkey.');
    }
    auth.flash('The passkey was deleted.', 'success');
    return c.redirect('/auth/passkeys', 302);
  });
}

/** The `credential` field parsed from JSON; undefined when absent or not JSON. */
function credentialOf(c: Context): unknown {
  const text = field(c.var.form, 'credential');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Success: JSON with where to go for the script, a redirect for a plain form. */
function answer(c: Context, location: string, extra: Record<string, unknown>) {
  if (isJsonClient(c)) return c.json({ ok: true, location, ...extra });
  return c.redirect(location, 302);
}

/** A refused passkey: `429` with `Retry-After` while the address is held, else `status`. */
function refused(c: Context, status: 400 | 401, refusal: Refusal) {
  if (refusal.reason === 'throttled') {
    const { errors, init } = refusalView(refusal);
    c.header('Retry-After', init.headers?.['Retry-After'] ?? '1');
    const message = errors.form ?? 'Too many attempts.';
    if (isJsonClient(c)) return c.json({ error: 'throttled', message }, 429);
    return clientError(c, 429, message);
  }
  const message = Object.values(refusal.errors)[0] ?? 'The passkey did not check out.';
  if (isJsonClient(c)) return c.json({ error: 'passkey_refused', message }, status);
  return clientError(c, 400, message);
}
