/** @module Roles and the admin flows: ADMIN_EMAIL, disable (everything ends at once), enable, log out everywhere, roles. */
import { describe, expect, it } from 'vitest';
import { accountAccess } from '../../src/accounts/index.js';
import { type AccountsHarness, GOOD_PASSWORD, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const REFUSAL = { ok: false, reason: 'invalid', errors: { form: 'Invalid email or password.' } };

/** An admin (by ADMIN_EMAIL) logged in, and a victim logged in with remember-me and a token. */
async function scene(h: AccountsHarness) {
  const admin = await h.signUp('root@example.com', 'root');
  const adminBrowser = await h.logIn('root@example.com');
  const victim = await h.signUp('victim@example.com', 'victim');
  const victimBrowser = await h.logIn('victim@example.com', { remember: true });
  const { token } = await h.apiTokens.issue(victim.id, { name: 'ci', scopes: ['profile:read'] });
  // Warm every cache, as a steady-state process would have them.
  expect((await victimBrowser.user())?.id).toBe(victim.id);
  expect(await h.apiTokens.verify(token)).not.toBeNull();
  return { admin, adminBrowser, victim, victimBrowser, token };
}

describe('roles', () => {
  it('an address in adminEmails registers as an admin, whatever its case; others as users', async () => {
    const h = await harness({ adminEmails: [' Root@Example.com '] });
    const admin = await h.signUp('ROOT@example.com', 'root');
    const user = await h.signUp('someone@example.com', 'someone');
    expect(admin.role).toBe('admin');
    expect(user.role).toBe('user');
    expect(accountAccess.can(admin, 'users:manage')).toBe(true);
    expect(accountAccess.can(user, 'users:manage')).toBe(false);
  });

  it('an unconfirmed or disabled admin holds no admin permission', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    await h.register('root@example.com', { username: 'root' });
    const unconfirmed = await h.store.byEmail('root@example.com');
    expect(unconfirmed?.role).toBe('admin');
    expect(accountAccess.can(unconfirmed, 'users:manage')).toBe(false);
    expect(accountAccess.can(unconfirmed, 'profile:read')).toBe(true);
    if (!unconfirmed) throw new Error('no account');
    const disabled = { ...unconfirmed, confirmed: true, disabled: true };
    expect(accountAccess.can(disabled, 'profile:read')).toBe(false);
  });

  it('setRole() takes effect on the account’s very next request, and is recorded', async () => {
    const h = await harness();
    const bob = await h.signUp('bob@example.com');
    const browser = await h.logIn('bob@example.com');
    expect(accountAccess.hasRole(await browser.user(), 'user')).toBe(true);
    expect(await h.accounts.setRole(bob.id, 'admin', { from: 'cli' })).toMatchObject({
      role: 'admin',
    });
    expect(accountAccess.hasRole(await browser.user(), 'admin')).toBe(true);
    await h.accounts.setRole(bob.id, 'user');
    expect(accountAccess.can(await browser.user(), 'users:manage')).toBe(false);
    const [latest] = await h.auditLog.list({ accountId: bob.id, limit: 1 });
    expect(latest).toMatchObject({ type: 'role_changed', detail: { from: 'admin', to: 'user' } });
    expect(await h.accounts.setRole('nobody', 'admin')).toBeNull();
  });
});

describe('disableAccount', () => {
  it('ends the victim’s session, remember-me cookie and API tokens at once', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const { adminBrowser, victim, victimBrowser, token } = await scene(h);
    const result = await adminBrowser.run((auth) => h.accounts.disableAccount(auth, victim.id));
    expect(result).toMatchObject({ ok: true, account: { disabled: true } });
    expect(await victimBrowser.user()).toBeNull();
    victimBrowser.close();
    expect(await victimBrowser.user()).toBeNull();
    expect(await h.apiTokens.verify(token)).toBeNull();
    expect(await h.manager.listSessions(victim.id)).toEqual([]);
    expect(await h.stores.tokens.listForUser(victim.id, h.clock.now(), 'remember')).toEqual([]);
  });

  it('the disabled account gets the wrong-password answer after the same one hash', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const { adminBrowser, victim } = await scene(h);
    await adminBrowser.run((auth) => h.accounts.disableAccount(auth, victim.id));
    for (const password of [GOOD_PASSWORD, `${GOOD_PASSWORD}x`]) {
      const before = h.hashing.verify + h.hashing.dummyVerify;
      expect(await h.tryLogin('victim@example.com', password)).toStrictEqual(REFUSAL);
      expect(h.hashing.verify + h.hashing.dummyVerify).toBe(before + 1);
    }
    const failures = await h.auditLog.list({ accountId: victim.id, limit: 2 });
    expect(failures.map((entry) => [entry.type, entry.reason])).toEqual([
      ['login_failed', 'disabled'],
      ['login_failed', 'disabled'],
    ]);
  });

  it('is recorded with the admin as the actor, and enableAccount() lets the account in again', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const { admin, adminBrowser, victim } = await scene(h);
    await adminBrowser.run((auth) => h.accounts.disableAccount(auth, victim.id));
    const enabled = await adminBrowser.run((auth) => h.accounts.enableAccount(auth, victim.id));
    expect(enabled).toMatchObject({ ok: true, account: { disabled: false } });
    expect(await h.tryLogin('victim@example.com')).toMatchObject({ ok: true });
    const entries = await h.auditLog.list({ accountId: victim.id, limit: 10 });
    const disabled = entries.find((entry) => entry.type === 'account_disabled');
    expect(disabled).toMatchObject({
      actorId: admin.id,
      address: '203.0.113.7',
      userAgent: 'AccountsTest/1.0',
    });
    // What the disabling ended is recorded once it has ended, after the change itself.
    const ended = entries.find((entry) => entry.type === 'account_sessions_revoked');
    expect(ended).toMatchObject({
      actorId: admin.id,
      detail: { cause: 'account_disabled', sessionsEnded: 1, tokensEnded: 1 },
    });
    expect(ended && disabled && ended.id > disabled.id).toBe(true);
    expect(entries.find((entry) => entry.type === 'account_enabled')?.actorId).toBe(admin.id);
  });

  it('an admin cannot disable their own account', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const { admin, adminBrowser } = await scene(h);
    const result = await adminBrowser.run((auth) => h.accounts.disableAccount(auth, admin.id));
    expect(result).toStrictEqual({ ok: false, reason: 'self' });
    expect((await h.store.byId(admin.id))?.disabled).toBe(false);
    expect((await adminBrowser.user())?.id).toBe(admin.id);
  });

  it('answers not_found for an unknown id', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const { adminBrowser } = await scene(h);
    const result = await adminBrowser.run((auth) => h.accounts.disableAccount(auth, 'nobody'));
    expect(result).toStrictEqual({ ok: false, reason: 'not_found' });
  });
});

describe('admin flows refuse non-admins', () => {
  it('a user, an anonymous visitor and a demoted admin get forbidden and change nothing', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const { admin, adminBrowser, victim, victimBrowser } = await scene(h);
    for (const browser of [victimBrowser, h.browser()]) {
      for (const action of ['disableAccount', 'enableAccount', 'revokeAccountSessions'] as const) {
        const result = await browser.run((auth) => h.accounts[action](auth, admin.id));
        expect(result).toStrictEqual({ ok: false, reason: 'forbidden' });
      }
      expect(await browser.run((auth) => h.accounts.findAccounts(auth, { limit: 5 }))).toBeNull();
      expect(await browser.run((auth) => h.accounts.auditPage(auth, { limit: 5 }))).toBeNull();
    }
    await h.accounts.setRole(admin.id, 'user');
    const late = await adminBrowser.run((auth) => h.accounts.disableAccount(auth, victim.id));
    expect(late).toStrictEqual({ ok: false, reason: 'forbidden' });
    expect((await h.store.byId(victim.id))?.disabled).toBe(false);
  });
});

describe('revokeAccountSessions and findAccounts', () => {
  it('logs the account out everywhere but leaves its API tokens', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const { adminBrowser, victim, victimBrowser, token } = await scene(h);
    const result = await adminBrowser.run((auth) =>
      h.accounts.revokeAccountSessions(auth, victim.id),
    );
    expect(result).toMatchObject({ ok: true });
    expect(await victimBrowser.user()).toBeNull();
    victimBrowser.close();
    expect(await victimBrowser.user()).toBeNull();
    expect(await h.apiTokens.verify(token)).not.toBeNull();
  });

  it('finds accounts by part of the email or username', async () => {
    const h = await harness({ adminEmails: ['root@example.com'] });
    const { adminBrowser } = await scene(h);
    const found = await adminBrowser.run((auth) =>
      h.accounts.findAccounts(auth, { text: 'VICT', limit: 10 }),
    );
    expect(found?.map((account) => account.email)).toEqual(['victim@example.com']);
  });
});
