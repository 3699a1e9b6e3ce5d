/** @module The audit log through the accounts service: every event, who and where, and never a secret. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, NEW_PASSWORD, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const WRONG_PASSWORD = 'definitely not the password 99';
const DAY = 86_400_000;

describe('the audit log', () => {
  it('records every flow with address and user agent, and no column of any row holds a secret', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const secrets: string[] = [GOOD_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD];
    const keep = (value: string | undefined) => {
      if (!value) throw new Error('a secret the test meant to keep is missing');
      secrets.push(value, ...value.split('.').filter((part) => part.length >= 16));
    };
    const admin = await h.signUp('root@example.com', 'root');
    keep(h.outbox.token('confirm', 'root@example.com'));
    const adminBrowser = await h.logIn('root@example.com');
    const user = await h.signUp('user@example.com', 'someone');
    keep(h.outbox.token('confirm', 'user@example.com'));
    await h.tryLogin('user@example.com', WRONG_PASSWORD);
    await h.tryLogin('nobody@example.com', WRONG_PASSWORD);
    const browser = await h.logIn('user@example.com', { remember: true });
    keep(browser.cookie('session'));
    keep(browser.cookie('remember_token'));
    await browser.run((auth) => h.accounts.reauthenticate(auth, { password: GOOD_PASSWORD }));
    const made = await browser.run((auth) =>
      h.accounts.createApiToken(auth, { name: 'ci', scopes: ['profile:read'] }),
    );
    if (!made.ok) throw new Error('no token');
    keep(made.token);
    await browser.run((auth) => h.accounts.revokeApiToken(auth, made.info.id));
    await browser.run((auth) =>
      h.accounts.requestEmailChange(auth, { email: 'new@example.com', password: GOOD_PASSWORD }),
    );
    const change = h.outbox.token('email-change', 'new@example.com');
    keep(change);
    await h.accounts.confirmEmailChange(change, { address: '192.0.2.9', userAgent: 'Mail/1' });
    await browser.run((auth) =>
      h.accounts.changePassword(auth, {
        old_password: GOOD_PASSWORD,
        password: NEW_PASSWORD,
        password2: NEW_PASSWORD,
      }),
    );
    await h.browser().run((auth) => h.accounts.requestReset(auth, { email: 'new@example.com' }));
    const reset = h.outbox.token('reset', 'new@example.com');
    keep(reset);
    await h.accounts.resetPassword(
      reset,
      { password: GOOD_PASSWORD, password2: GOOD_PASSWORD },
      { address: '192.0.2.9', userAgent: 'Mail/1' },
    );
    const again = await h.logIn('new@example.com');
    await again.run((auth) => h.accounts.revokeOtherSessions(auth));
    await again.run((auth) => auth.logout());
    await adminBrowser.run((auth) => h.accounts.revokeAccountSessions(auth, user.id));
    await adminBrowser.run((auth) => h.accounts.disableAccount(auth, user.id));
    await adminBrowser.run((auth) => h.accounts.enableAccount(auth, user.id));
    await h.accounts.setRole(user.id, 'admin', { actorId: admin.id });
    await h.accounts.record({
      type: 'two_factor_enabled',
      accountId: user.id,
      address: '203.0.113.7',
      userAgent: 'AccountsTest/1.0',
    });
    await h.accounts.settled();

    const rows = (await sql`select * from audit_log`.execute(h.db)).rows as Record<
      string,
      unknown
    >[];
    const types = new Set(rows.map((row) => row.type));
    for (const type of [
      'registered',
      'confirmed',
      'login_ok',
      'login_failed',
      'reauth_ok',
      'token_created',
      'token_revoked',
      'email_change_requested',
      'email_changed',
      'password_changed',
      'reset_requested',
      'password_reset',
      'sessions_revoked',
      'logout',
      'account_sessions_revoked',
      'account_disabled',
      'account_enabled',
      'role_changed',
      'two_factor_enabled',
    ]) {
      expect(types, type).toContain(type);
    }
    const logins = rows.filter((row) => row.type === 'login_ok' || row.type === 'logout');
    for (const row of logins) {
      expect(row).toMatchObject({ address: '203.0.113.7', user_agent: 'AccountsTest/1.0' });
    }
    const everything = JSON.stringify(rows);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('keeps why a login failed for the operator: unknown email, wrong password', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    await h.tryLogin('alice@example.com', WRONG_PASSWORD);
    await h.tryLogin('ghost@example.com', WRONG_PASSWORD);
    const [ghost, wrong] = await h.auditLog.list({ limit: 2 });
    expect(ghost).toMatchObject({ accountId: null, outcome: 'failure', reason: 'unknown_email' });
    expect(wrong).toMatchObject({ accountId: alice.id, reason: 'wrong_password' });
  });

  it('shows each account its own events only, and the whole log to admins only', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    await h.signUp('root@example.com', 'root');
    const root = await h.logIn('root@example.com');
    const bob = await h.signUp('bob@example.com');
    const browser = await h.logIn('bob@example.com');
    const own = await browser.run((auth) => h.accounts.recentEvents(auth, 50));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((entry) => entry.accountId === bob.id)).toBe(true);
    expect(await browser.run((auth) => h.accounts.auditPage(auth, { limit: 5 }))).toBeNull();
    const page = await root.run((auth) => h.accounts.auditPage(auth, { limit: 3 }));
    expect(page?.map((entry) => entry.type)).toEqual(['login_ok', 'confirmed', 'registered']);
  });

  it('prunes entries past the retention, counted on the moved clock', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const before = (await h.auditLog.list({ limit: 100 })).length;
    h.clock.advance(400 * DAY);
    await h.tryLogin('alice@example.com');
    expect(await h.accounts.pruneAudit({ days: 365 })).toBe(before);
    expect((await h.auditLog.list({ limit: 100 })).map((entry) => entry.type)).toEqual([
      'login_ok',
    ]);
  });
});
