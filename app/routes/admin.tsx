/**
 * @module The admin pages (admin, fresh login): find accounts, disable and enable them, log them
 * out everywhere, read the audit log. A non-admin gets `403`, an anonymous visitor the login
 * redirect, a stale admin the reauthentication redirect; every action is a CSRF-checked POST.
 */
import type { Context, Hono } from 'hono';
import { type AdminResult, accountAccess } from '../../src/accounts/index.js';
import { roleRequired } from '../../src/adapters/hono.js';
import type { AppDeps } from '../context.js';
import { accountOf, authOf } from '../http/auth.js';
import { isJsonClient } from '../http/client-kind.js';
import { clientError } from '../http/errors.js';
import { AdminUsersPage, AuditPage } from '../pages/admin.js';
import { render } from '../pages/render.js';

const PAGE = 50;
const MAX_QUERY = 254;
const CURSOR = /^\d{30}$/;

const DONE = {
  disable: 'The account is disabled; its sessions and tokens have ended.',
  enable: 'The account is enabled again.',
  'revoke-sessions': 'The account is logged out everywhere.',
} as const;

/** `GET /admin/users`, `POST /admin/users/<id>/disable|enable|revoke-sessions`, `GET /admin/audit`. */
export function adminRoutes(app: Hono, { accounts }: AppDeps): void {
  const admin = roleRequired(accountAccess, 'admin', { fresh: true, onForbidden: forbidden });

  app.get('/admin/users', admin, async (c) => {
    const query = c.req.query('q') ?? '';
    const offset = Number(c.req.query('offset') ?? '0');
    if (query.length > MAX_QUERY) return clientError(c, 400, 'The search is too long.');
    if (!Number.isSafeInteger(offset) || offset < 0) {
      return clientError(c, 400, 'The page offset must be a whole number.');
    }
    const found = await accounts.findAccounts(authOf(c), { text: query, limit: PAGE + 1, offset });
    if (found === null) return forbidden(c);
    return render(c, 'Accounts', (visitor) => (
      <AdminUsersPage
        csrfToken={visitor.csrfToken}
        accounts={found.slice(0, PAGE)}
        query={query}
        selfId={accountOf(c).id}
        nextOffset={found.length > PAGE ? offset + PAGE : null}
      />
    ));
  });

  for (const action of ['disable', 'enable', 'revoke-sessions'] as const) {
    app.post(`/admin/users/:id/${action}`, admin, async (c) => {
      const auth = authOf(c);
      const id = c.req.param('id');
      const result: AdminResult =
        action === 'disable'
          ? await accounts.disableAccount(auth, id)
          : action === 'enable'
            ? await accounts.enableAccount(auth, id)
            : await accounts.revokeAccountSessions(auth, id);
      if (!result.ok) {
        if (result.reason === 'self') {
          return clientError(c, 409, 'You cannot disable your own account.');
        }
        if (result.reason === 'not_found') return clientError(c, 404, 'There is no such account.');
        return forbidden(c);
      }
      auth.flash(`${DONE[action]} (${result.account.email})`, 'success');
      return c.redirect('/admin/users', 302);
    });
  }

  app.get('/admin/audit', admin, async (c) => {
    const before = c.req.query('before');
    if (before !== undefined && !CURSOR.test(before)) {
      return clientError(c, 400, 'That is not a position in the audit log.');
    }
    const entries = await accounts.auditPage(authOf(c), {
      limit: PAGE,
      ...(before === undefined ? {} : { before }),
    });
    if (entries === null) return forbidden(c);
    return render(
      c,
      'Audit log',
      () => (
        <AuditPage
          entries={entries}
          before={entries.length === PAGE ? (entries.at(-1)?.id ?? null) : null}
        />
      ),
      { forms: false },
    );
  });
}

/** A logged-in account that is not an admin: `403`, exactly `{"error":"forbidden"}` for JSON clients. */
function forbidden(c: Context): Response | Promise<Response> {
  if (isJsonClient(c)) return c.json({ error: 'forbidden' }, 403);
  return clientError(c, 403, 'Only administrators may open this page.');
}
