/**
 * The audit log over HTTP: a full run through every flow, then every row of the audit table is
 * read back — each event is there with time, account, address and user agent, and no column
 * of any row holds a password, a token, a link or a cookie value the run used.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cookieValue, REMEMBER_COOKIE, SESSION_COOKIE } from './support/checks.js';
import {
  changePassword,
  emailChangeLink,
  login,
  newIdentity,
  newPassword,
  resetLink,
  setNewPassword,
  signUp,
} from './support/flows.js';
import { csrfTokenOf, elementsWith, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const ADMIN_EMAIL = `audit-root-${randomBytes(4).toString('hex')}@example.test`;
const app = useTestApp({ env: { ADMIN_EMAIL } });
const AGENT = { 'user-agent': 'AuditRun/1.0 (contract test)' };

describe('the audit log after a full run', () => {
  it('holds every event with time, account, address and user agent, and never a secret', async () => {
    const secrets: string[] = [];
    const keep = (...values: (string | null | undefined)[]) => {
      for (const value of values) {
        if (!value) throw new Error('a secret the run meant to keep is missing');
        const tail = value.split('/').at(-1) ?? value;
        secrets.push(value, tail, ...tail.split('.').filter((part) => part.length >= 16));
      }
    };
    const root = await signUp(app, {
      who: { ...newIdentity('root'), email: ADMIN_EMAIL },
      browser: { headers: AGENT },
    });
    const { who, browser } = await signUp(app, {
      label: 'audited',
      remember: true,
      browser: { headers: AGENT },
    });
    keep(root.who.password, who.password);
    keep(app.mail.mailsTo(who.email, 'confirm')[0]?.tokenLink);
    keep(cookieValue(browser, SESSION_COOKIE), cookieValue(browser, REMEMBER_COOKIE));
    keep(csrfTokenOf((await browser.get('/profile')).text, '/auth/logout'));

    const wrong = `${who.password} but wrong`;
    keep(wrong);
    expect((await login(app.browser({ headers: AGENT }), { ...who, password: wrong })).status).toBe(
      401,
    );
    expect((await browser.submit('/auth/reauthenticate', { password: who.password })).status).toBe(
      302,
    );
    const made = await browser.submit('/auth/tokens', { name: 'ci', scope: 'profile:read' });
    const token = textOf(elementsWith(made.text, 'data-api-token')[0]?.inner ?? '');
    keep(token);
    expect((await app.browser().get('/api/me', { authorization: `Bearer ${token}` })).status).toBe(
      200,
    );
    const tokenId = elementsWith(made.text, 'data-token-id')[0]?.tag.attributes['data-token-id'];
    await browser.submit(`/auth/tokens/${tokenId}/revoke`, {}, { page: '/auth/tokens' });

    const changed = newPassword();
    keep(changed);
    expect((await changePassword(browser, who, changed)).status).toBe(302);
    const moved = newIdentity('moved').email;
    const change = await emailChangeLink(app, browser, { ...who, password: changed }, moved);
    keep(change);
    expect((await app.browser({ headers: AGENT }).get(change)).status).toBe(302);
    const reset = await resetLink(app, { email: moved });
    keep(reset);
    const afterReset = newPassword();
    keep(afterReset);
    expect((await setNewPassword(app.browser({ headers: AGENT }), reset, afterReset)).status).toBe(
      302,
    );
    const again = app.browser({ headers: AGENT });
    expect((await login(again, { email: moved, password: afterReset })).status).toBe(302);
    await again.submit('/auth/sessions/revoke-others', {}, { page: '/auth/sessions' });

    const row = (await root.browser.get(`/admin/users?q=${encodeURIComponent(moved)}`)).text;
    const id = elementsWith(row, 'data-user-id')[0]?.tag.attributes['data-user-id'] ?? '';
    for (const action of ['revoke-sessions', 'disable', 'enable']) {
      const reply = await root.browser.submit(
        `/admin/users/${id}/${action}`,
        {},
        {
          page: '/admin/users',
        },
      );
      expect(reply.status, action).toBe(302);
    }
    const last = app.browser({ headers: AGENT });
    await login(last, { email: moved, password: afterReset });
    await last.submit('/auth/logout', {}, { page: '/profile' });

    const rows = app.sql((db) => db.prepare('SELECT * FROM audit_log').all()) as Record<
      string,
      unknown
    >[];
    const mine = rows.filter((r) => r.account_id === id);
    const types = new Set(mine.map((r) => r.type));
    for (const type of [
      'registered',
      'confirmed',
      'login_ok',
      'login_failed',
      'reauth_ok',
      'token_created',
      'token_revoked',
      'password_changed',
      'email_change_requested',
      'email_changed',
      'reset_requested',
      'password_reset',
      'sessions_revoked',
      'account_sessions_revoked',
      'account_disabled',
      'account_enabled',
      'logout',
    ]) {
      expect(types, type).toContain(type);
    }
    for (const entry of mine.filter((r) =>
      ['login_ok', 'logout', 'login_failed'].includes(String(r.type)),
    )) {
      expect(entry.address, String(entry.type)).toBe('127.0.0.1');
      expect(entry.user_agent, String(entry.type)).toBe(AGENT['user-agent']);
      expect(typeof entry.at).toBe('number');
    }
    const failed = mine.find((r) => r.type === 'login_failed');
    expect(failed).toMatchObject({ outcome: 'failure', reason: 'wrong_password' });
    const disabled = mine.find((r) => r.type === 'account_disabled');
    expect(disabled?.actor_id).not.toBe(id);
    expect(disabled?.actor_id).toBeTruthy();

    const everything = JSON.stringify(rows);
    for (const secret of secrets) expect(everything, secret.slice(0, 12)).not.toContain(secret);
  });

  it('shows a user their own recent activity on /auth/sessions', async () => {
    const { who, browser } = await signUp(app, { label: 'activity' });
    await login(app.browser(), { ...who, password: `${who.password}?` });
    const page = await browser.get('/auth/sessions');
    const events = elementsWith(page.text, 'data-audit-id').map((e) => textOf(e.inner));
    expect(events[0]).toContain('login failed');
    expect(events.some((text) => text.includes('registered'))).toBe(true);
  });
});
