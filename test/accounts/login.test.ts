/** @module Logging in and reauthenticating: sessions, identical refusals, hashing in every case, rehash. */
import { describe, expect, it } from 'vitest';
import {
  WERKZEUG_PASSWORD,
  WERKZEUG_SCRYPT,
} from '../../src/password/test-support/werkzeug-fixtures.js';
import { type AccountsHarness, GOOD_PASSWORD, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const REFUSAL = { ok: false, reason: 'invalid', errors: { form: 'Invalid email or password.' } };

/** Alice, logged in with remember-me in a browser that was then closed: a stale login. */
async function staleLogin(h: AccountsHarness) {
  await h.signUp('alice@example.com');
  const browser = await h.logIn('alice@example.com', { remember: true });
  browser.close();
  return browser;
}

describe('login', () => {
  it('logs in with a fresh session whatever the email case, and reports login_ok', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const browser = h.browser();
    const result = await browser.run((auth) =>
      h.accounts.login(auth, { email: ' ALICE@example.com', password: GOOD_PASSWORD }),
    );
    expect(result).toStrictEqual({
      ok: true,
      account: { ...alice, lastLoginAt: h.clock.now() },
      secondFactorPending: false,
    });
    expect((await browser.user())?.id).toBe(alice.id);
    expect(await browser.isFresh()).toBe(true);
    expect(browser.cookie('remember_token')).toBeUndefined();
    expect(h.events.at(-1)).toStrictEqual({
      type: 'login_ok',
      accountId: alice.id,
      address: '203.0.113.7',
      userAgent: 'AccountsTest/1.0',
      detail: { remember: false },
    });
  });

  it('sets a remember-me cookie that restores the login after the browser closes', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com', { remember: true });
    expect(browser.cookie('remember_token')).toBeDefined();
    browser.close();
    expect(browser.cookie('session')).toBeUndefined();
    expect((await browser.user())?.id).toBe(alice.id);
    expect(await browser.isFresh()).toBe(false);
  });

  it('lets an unconfirmed account log in', async () => {
    const h = await harness();
    const browser = h.browser();
    await h.register('new@example.com', { username: 'newbie', browser });
    const result = await h.tryLogin('new@example.com', GOOD_PASSWORD, browser);
    expect(result).toMatchObject({ ok: true, account: { confirmed: false } });
  });

  it('gives a wrong password, an unknown email and a disabled account the same refusal after one hash each', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const carol = await h.signUp('carol@example.com');
    await h.store.update(carol.id, { disabled: true });
    const attempts = [
      { email: 'alice@example.com', password: `${GOOD_PASSWORD}x` },
      { email: 'nobody@example.com', password: GOOD_PASSWORD },
      { email: 'carol@example.com', password: GOOD_PASSWORD },
    ];
    for (const { email, password } of attempts) {
      const before = h.hashing.verify + h.hashing.dummyVerify;
      const browser = h.browser();
      expect(await h.tryLogin(email, password, browser)).toStrictEqual(REFUSAL);
      expect(h.hashing.verify + h.hashing.dummyVerify).toBe(before + 1);
      expect(browser.cookie('session')).toBeUndefined();
    }
    expect(h.hashing.dummyVerify).toBe(1);
    expect(h.events.filter((e) => e.type === 'login_failed').map((e) => e.accountId)).toStrictEqual(
      [alice.id, null, carol.id],
    );
  });

  it('a successful login runs exactly one hash too', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const before = h.hashing.verify + h.hashing.dummyVerify;
    expect((await h.tryLogin('alice@example.com')).ok).toBe(true);
    expect(h.hashing.verify + h.hashing.dummyVerify).toBe(before + 1);
  });

  it('names empty fields and an over-long email without hashing', async () => {
    const h = await harness();
    const result = await h
      .browser()
      .run((auth) => h.accounts.login(auth, { email: 'x'.repeat(255), password: '' }));
    expect(result).toStrictEqual({
      ok: false,
      reason: 'invalid',
      errors: { email: 'Use at most 254 characters.', password: 'Enter your password.' },
    });
    expect(h.hashing.verify + h.hashing.dummyVerify).toBe(0);
  });

  it('verifies a legacy werkzeug hash and replaces it with argon2id at login', async () => {
    const h = await harness();
    await h.store.create({
      id: 'legacy',
      email: 'old@example.com',
      username: 'oldtimer',
      passwordHash: WERKZEUG_SCRYPT,
      createdAt: h.clock.now(),
    });
    const result = await h.tryLogin('old@example.com', WERKZEUG_PASSWORD);
    expect(result).toMatchObject({
      ok: true,
      account: { passwordHash: expect.stringMatching(/^\$argon2id\$/) },
    });
    const stored = await h.store.byId('legacy');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordChangedAt).toBe(h.clock.now());
    expect((await h.tryLogin('old@example.com', WERKZEUG_PASSWORD)).ok).toBe(true);
  });

  it('runs on the default argon2id hasher at OWASP parameters', async () => {
    const h = await harness({ defaultHasher: true });
    const alice = await h.signUp('alice@example.com');
    expect(alice.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await h.tryLogin('alice@example.com')).ok).toBe(true);
    expect(await h.tryLogin('nobody@example.com')).toStrictEqual(REFUSAL);
  });
});

describe('reauthenticate', () => {
  it('makes a remembered login fresh again under a new session id', async () => {
    const h = await harness();
    const browser = await staleLogin(h);
    expect(await browser.isFresh()).toBe(false);
    const restored = browser.cookie('session');
    const result = await browser.run((auth) =>
      h.accounts.reauthenticate(auth, { password: GOOD_PASSWORD }),
    );
    expect(result).toStrictEqual({ ok: true });
    expect(await browser.isFresh()).toBe(true);
    expect(browser.cookie('session')).not.toBe(restored);
    expect(h.events.at(-1)?.type).toBe('reauth_ok');
  });

  it('refuses a wrong password next to the field and leaves the login stale', async () => {
    const h = await harness();
    const browser = await staleLogin(h);
    const result = await browser.run((auth) =>
      h.accounts.reauthenticate(auth, { password: 'not my password at all' }),
    );
    expect(result).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: { password: expect.any(String) },
    });
    expect(await browser.isFresh()).toBe(false);
    expect(h.events.at(-1)?.type).toBe('reauth_failed');
  });

  it('refuses an anonymous visitor', async () => {
    const h = await harness();
    const result = await h
      .browser()
      .run((auth) => h.accounts.reauthenticate(auth, { password: GOOD_PASSWORD }));
    expect(result).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: { form: expect.any(String) },
    });
  });
});
