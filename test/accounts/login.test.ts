/** @module Logging in and reauthenticating: sessions, identical refusals, hashing in every case, rehash. */
import { describe, expect, it } from 'vitest';
import {
  WERKZEUG_PASSWORD,
  WERKZEUG_SCRYPT,
} from '../../src/password/test-support/werkzeug-fixtures.js';
import { GOOD_PASSWORD, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const REFUSAL = { ok: false, reason: 'invalid', errors: { form: 'Invalid email or password.' } };

describe('login', () => {
  it('logs in with a fresh session whatever the email case, and reports login_ok', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const browser = h.browser();
    const result = await browser.run((auth) =>
      h.accounts.login(auth, { email: ' ALICE@example.com', password: GOOD_PASSWORD }),
    );
    expect(result).toStrictEqual({ ok: true, account: alice });
    expect((await browser.user())?.id).toBe(alice.id);
    expect(await browser.isFresh()).toBe(true);
    expect(browser.cookie('remember_token')).toBeUndefined();
    expect(h.events.at(-1)).toStrictEqual({
      type: 'login_ok',
      accountId: alice.id,
      address: '203.0.113.7',
    });
  });

  it('sets a remember-me cookie that restores the login after the browser closes', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const browser = h.browser();
    await browser.run((auth) =>
      h.accounts.login(auth, {
        email: 'alice@example.com',
        password: GOOD_PASSWORD,
        remember: true,
      }),
    );
    expect(browser.cookie('remember_token')).toBeDefined();
    browser.close();
    expect(browser.cookie('session')).toBeUndefined();
    expect((await browser.user())?.id).toBe(alice.id);
    expect(await browser.isFresh()).toBe(false);
  });

  it('lets an unconfirmed account log in', async () => {
    const h = await harness();
    const browser = h.browser();
    await browser.run((auth) =>
      h.accounts.register(auth, {
        email: 'new@example.com',
        username: 'newbie',
        password: GOOD_PASSWORD,
        password2: GOOD_PASSWORD,
      }),
    );
    const result = await browser.run((auth) =>
      h.accounts.login(auth, { email: 'new@example.com', password: GOOD_PASSWORD }),
    );
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
    for (const attempt of attempts) {
      const before = h.hashing.verify + h.hashing.dummyVerify;
      const browser = h.browser();
      expect(await browser.run((auth) => h.accounts.login(auth, attempt))).toStrictEqual(REFUSAL);
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
    await h
      .browser()
      .run((auth) =>
        h.accounts.login(auth, { email: 'alice@example.com', password: GOOD_PASSWORD }),
      );
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
    const result = await h
      .browser()
      .run((auth) =>
        h.accounts.login(auth, { email: 'old@example.com', password: WERKZEUG_PASSWORD }),
      );
    expect(result).toMatchObject({
      ok: true,
      account: { passwordHash: expect.stringMatching(/^\$argon2id\$/) },
    });
    const stored = await h.store.byId('legacy');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordChangedAt).toBe(h.clock.now());
    const again = await h
      .browser()
      .run((auth) =>
        h.accounts.login(auth, { email: 'old@example.com', password: WERKZEUG_PASSWORD }),
      );
    expect(again.ok).toBe(true);
  });

  it('runs on the default argon2id hasher at OWASP parameters', async () => {
    const h = await harness({ defaultHasher: true });
    const alice = await h.signUp('alice@example.com');
    expect(alice.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const ok = await h
      .browser()
      .run((auth) =>
        h.accounts.login(auth, { email: 'alice@example.com', password: GOOD_PASSWORD }),
      );
    const wrong = await h
      .browser()
      .run((auth) =>
        h.accounts.login(auth, { email: 'nobody@example.com', password: GOOD_PASSWORD }),
      );
    expect(ok.ok).toBe(true);
    expect(wrong).toStrictEqual(REFUSAL);
  });
});

describe('reauthenticate', () => {
  it('makes a remembered login fresh again under a new session id', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = h.browser();
    await browser.run((auth) =>
      h.accounts.login(auth, {
        email: 'alice@example.com',
        password: GOOD_PASSWORD,
        remember: true,
      }),
    );
    browser.close();
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
    await h.signUp('alice@example.com');
    const browser = h.browser();
    await browser.run((auth) =>
      h.accounts.login(auth, {
        email: 'alice@example.com',
        password: GOOD_PASSWORD,
        remember: true,
      }),
    );
    browser.close();
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
