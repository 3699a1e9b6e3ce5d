/** @module Two-factor: setup and management (fresh login), and the code step of a login. */
import type { Context, Hono } from 'hono';
import type { Refusal } from '../../src/accounts/index.js';
import { freshLoginRequired } from '../../src/adapters/hono.js';
import { safeNext } from '../../src/index.js';
import type { AppDeps } from '../context.js';
import { accountOf, authOf } from '../http/auth.js';
import { isJsonClient } from '../http/client-kind.js';
import { clientError } from '../http/errors.js';
import { field } from '../http/form-body.js';
import type { Errors } from '../pages/form.js';
import { render } from '../pages/render.js';
import {
  RecoveryCodesPage,
  TwoFactorChallengePage,
  TwoFactorSetupPage,
} from '../pages/two-factor.js';
import { nextOf, refusalView } from './respond.js';

const SETUP_TITLE = 'Two-factor authentication';
const CHALLENGE_TITLE = 'Enter your code';
const NOT_ON = 'Two-factor authentication is not on for this account.';
const EXPIRED = 'Your sign-in expired or was finished already; please log in again.';

/**
 * `GET, POST /auth/two-factor/setup`, `POST /auth/two-factor/recovery-codes`,
 * `POST /auth/two-factor/disable` (fresh login) and `GET, POST /auth/two-factor` (a pending login).
 */
export function twoFactorRoutes(app: Hono, { accounts, publicUrl }: AppDeps): void {
  const { twoFactor } = accounts;

  /** The setup page with the latest secret shown (a new one when there is none). */
  async function setupPage(c: Context, errors: Errors = {}, init = {}) {
    const auth = authOf(c);
    const status = await twoFactor.status(accountOf(c).id);
    const shown =
      (Object.keys(errors).length > 0 ? await twoFactor.currentSetup(auth) : null) ??
      (await twoFactor.beginSetup(auth));
    if (!shown) return clientError(c, 400, 'Please log in again.');
    return render(
      c,
      SETUP_TITLE,
      (visitor) => (
        <TwoFactorSetupPage
          csrfToken={visitor.csrfToken}
          shown={shown}
          status={status}
          errors={errors}
        />
      ),
      init,
    );
  }

  function codesPage(c: Context, codes: readonly string[]) {
    if (isJsonClient(c)) return c.json({ recovery_codes: codes });
    return render(c, 'Your recovery codes', (visitor) => (
      <RecoveryCodesPage codes={codes} csrfToken={visitor.csrfToken} />
    ));
  }

  app.get('/auth/two-factor/setup', freshLoginRequired(), (c) => setupPage(c));

  app.post('/auth/two-factor/setup', freshLoginRequired(), async (c) => {
    const result = await twoFactor.confirmSetup(authOf(c), { code: field(c.var.form, 'code') });
    if (result.ok) return codesPage(c, result.recoveryCodes);
    const { errors, init } = refusalView(result);
    if (isJsonClient(c)) return refusalJson(c, result);
    return setupPage(c, errors, init);
  });

  app.post('/auth/two-factor/recovery-codes', freshLoginRequired(), async (c) => {
    const result = await twoFactor.regenerateRecoveryCodes(authOf(c));
    if (!result.ok) return clientError(c, 409, NOT_ON);
    return codesPage(c, result.recoveryCodes);
  });

  app.post('/auth/two-factor/disable', freshLoginRequired(), async (c) => {
    const auth = authOf(c);
    if (!(await twoFactor.status(accountOf(c).id)).enabled) return clientError(c, 409, NOT_ON);
    const result = await twoFactor.disable(auth, { code: field(c.var.form, 'code') });
    if (result.ok) {
      auth.flash('Two-factor authentication is off.', 'success');
      return c.redirect('/profile', 302);
    }
    if (isJsonClient(c)) return refusalJson(c, result);
    const { errors, init } = refusalView(result);
    return setupPage(c, { disable: errors.code ?? errors.form ?? '' }, init);
  });

  app.get('/auth/two-factor', async (c) => {
    if (!(await authOf(c).pendingLogin.current())) return expired(c);
    return render(c, CHALLENGE_TITLE, (visitor) => (
      <TwoFactorChallengePage csrfToken={visitor.csrfToken} next={nextOf(c, publicUrl)} />
    ));
  });

  app.post('/auth/two-factor', async (c) => {
    const auth = authOf(c);
    const result = await twoFactor.completeLogin(auth, { code: field(c.var.form, 'code') });
    if (result.ok) {
      const next =
        safeNext(result.next ?? undefined, { origin: publicUrl }) ?? nextOf(c, publicUrl);
      return c.redirect(next ?? '/', 302);
    }
    if (result.reason === 'not_pending') return expired(c);
    if (isJsonClient(c)) return refusalJson(c, result);
    const view = refusalView(result);
    // A wrong code is a failed login, answered as one.
    const init = result.reason === 'throttled' ? view.init : { status: 401 as const };
    return render(
      c,
      CHALLENGE_TITLE,
      (visitor) => (
        <TwoFactorChallengePage
          csrfToken={visitor.csrfToken}
          next={nextOf(c, publicUrl)}
          errors={view.errors}
        />
      ),
      init,
    );
  });
}

/** No pending login: back to the password (JSON clients: 401 login_required). */
function expired(c: Context) {
  if (isJsonClient(c)) return c.json({ error: 'login_required' }, 401);
  authOf(c).flash(EXPIRED, 'warning');
  return c.redirect('/auth/login', 302);
}

/** A refusal for a JSON client: 429 with Retry-After, or 401/422 with the field errors. */
function refusalJson(c: Context, refusal: Refusal) {
  if (refusal.reason === 'throttled') {
    c.header('Retry-After', String(refusal.retryAfterSeconds));
    return c.json({ error: 'throttled' }, 429);
  }
  const status = c.req.path === '/auth/two-factor' ? 401 : 422;
  return c.json({ error: 'invalid', errors: refusal.errors }, status);
}
