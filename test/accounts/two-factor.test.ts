/**
 * The two-factor flows on real parts (SQLite stores, a real LoginManager, an injected clock):
 * setup, the pending login and its code, replay, recovery codes, throttling, reauthentication,
 * new codes, turning it off, and what a reset leaves alone.
 */
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { type Accounts, createSqlTwoFactorStore } from '../../src/accounts/index.js';
import type { Browser } from './support/browser.js';
import {
  type AccountsHarness,
  GOOD_PASSWORD,
  NEW_PASSWORD,
  useAccountsHarness,
} from './support/harness.js';

const KEY = 'two-factor-test-key-0123456789abcdefghijklmnop';
const harness = useAccountsHarness();
const STEP_MS = 30_000;

/** The code an authenticator app shows for `secret` at `now`. */
function codeFor(secret: string, now: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now });
}

async function setUp(h: AccountsHarness, email = 'ada@example.com') {
  const account = await h.signUp(email);
  const browser = await h.logIn(email);
  const shown = await browser.run((auth) => h.accounts.twoFactor.beginSetup(auth));
  if (!shown) throw new Error('no setup shown');
  const confirmed = await browser.run((auth) =>
    h.accounts.twoFactor.confirmSetup(auth, { code: codeFor(shown.secret, h.clock.now()) }),
  );
  if (!confirmed.ok) throw new Error(`setup refused: ${JSON.stringify(confirmed)}`);
  // The next code must come from a later step: the confirming one is used up.
  h.clock.advance(STEP_MS);
  return { account, browser, secret: shown.secret, recoveryCodes: confirmed.recoveryCodes };
}

function passwordStep(accounts: Accounts, browser: Browser, email: string, extra = {}) {
  return browser.run((auth) => accounts.login(auth, { email, password: GOOD_PASSWORD, ...extra }));
}

describe('setting up two-factor', () => {
  it('shows a 160-bit base32 secret, its otpauth URI and a QR code, and confirms with a current code', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const account = await h.signUp('ada@example.com');
    const browser = await h.logIn('ada@example.com');
    const before = browser.cookie('session');
    const shown = await browser.run((auth) => h.accounts.twoFactor.beginSetup(auth));
    expect(shown?.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(shown?.uri).toMatch(/^otpauth:\/\/totp\/Latchkey:ada%40example\.com\?/);
    expect(shown?.uri).toContain(`secret=${shown?.secret}`);
    expect(shown?.uri).toMatch(/algorithm=SHA1&digits=6&period=30/);
    expect(shown?.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const wrong = await browser.run((auth) =>
      h.accounts.twoFactor.confirmSetup(auth, { code: '000000' }),
    );
    expect(wrong).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: { code: expect.any(String) },
    });
    expect((await h.accounts.twoFactor.status(account.id)).enabled).toBe(false);
    const result = await browser.run((auth) =>
      h.accounts.twoFactor.confirmSetup(auth, {
        code: codeFor(shown?.secret ?? '', h.clock.now()),
      }),
    );
    expect(result.ok).toBe(true);
    const codes = result.ok ? result.recoveryCodes : [];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await h.accounts.twoFactor.status(account.id)).toEqual({
      enabled: true,
      enabledAt: h.clock.now(),
      recoveryCodesLeft: 10,
    });
    expect(browser.cookie('session')).not.toBe(before);
    expect(h.outbox.all('two-factor-enabled', 'ada@example.com')).toHaveLength(1);
    expect(h.events.map((event) => event.type)).toContain('two_factor_enabled');
  });

  it('keeps the secret encrypted at rest: the table holds no base32 secret', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { account, secret } = await setUp(h);
    const row = await h.db
      .selectFrom('two_factor_totp' as never)
      .selectAll()
      .executeTakeFirst();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect((row as { sealed_secret?: string } | undefined)?.sealed_secret).toMatch(/^v1\./);
    expect((await h.accounts.twoFactor.status(account.id)).enabled).toBe(true);
  });

  it('confirms with an app that scanned an earlier secret shown to the same session', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    await h.signUp('ada@example.com');
    const browser = await h.logIn('ada@example.com');
    const first = await browser.run((auth) => h.accounts.twoFactor.beginSetup(auth));
    const second = await browser.run((auth) => h.accounts.twoFactor.beginSetup(auth));
    expect(second?.secret).not.toBe(first?.secret);
    const result = await browser.run((auth) =>
      h.accounts.twoFactor.confirmSetup(auth, {
        code: codeFor(first?.secret ?? '', h.clock.now()),
      }),
    );
    expect(result.ok).toBe(true);
  });
});

describe('logging in with two-factor on', () => {
  it('a correct password logs no one in: the login is pending, not fresh, nobody current', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    await setUp(h);
    const browser = h.browser();
    const result = await passwordStep(h.accounts, browser, 'ada@example.com', { next: '/deep' });
    expect(result).toMatchObject({ ok: true, secondFactorPending: true });
    expect(await browser.user()).toBeNull();
    expect(await browser.isFresh()).toBe(false);
    expect(browser.cookie('session')).toBeUndefined();
    expect(h.events.at(-1)?.type).toBe('login_second_factor');
  });

  it('a current code turns the pending login into a fresh one, carrying next and remember-me', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { account, secret } = await setUp(h);
    const browser = h.browser();
    await passwordStep(h.accounts, browser, 'ada@example.com', { next: '/deep', remember: true });
    const done = await browser.run((auth) =>
      h.accounts.twoFactor.completeLogin(auth, { code: codeFor(secret, h.clock.now()) }),
    );
    expect(done).toMatchObject({ ok: true, next: '/deep', method: 'totp' });
    expect((await browser.user())?.id).toBe(account.id);
    expect(await browser.isFresh()).toBe(true);
    expect(browser.cookie('remember_token')).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
  });

  it('the last login is noted when the second factor completes it, not at the password step', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { account, secret } = await setUp(h);
    const browser = h.browser();
    const before = (await h.store.byId(account.id))?.lastLoginAt ?? null;
    await passwordStep(h.accounts, browser, 'ada@example.com');
    expect((await h.store.byId(account.id))?.lastLoginAt ?? null).toBe(before);
    h.clock.advance(1_000);
    const done = await browser.run((auth) =>
      h.accounts.twoFactor.completeLogin(auth, { code: codeFor(secret, h.clock.now()) }),
    );
    expect(done).toMatchObject({ ok: true, account: { lastLoginAt: h.clock.now() } });
    expect((await h.store.byId(account.id))?.lastLoginAt).toBe(h.clock.now());
  });

  it('refuses the same code again (replay), even for a new pending login', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { secret } = await setUp(h);
    const code = codeFor(secret, h.clock.now());
    const first = h.browser();
    await passwordStep(h.accounts, first, 'ada@example.com');
    expect((await first.run((auth) => h.accounts.twoFactor.completeLogin(auth, { code }))).ok).toBe(
      true,
    );
    const second = h.browser();
    await passwordStep(h.accounts, second, 'ada@example.com');
    const replay = await second.run((auth) => h.accounts.twoFactor.completeLogin(auth, { code }));
    expect(replay).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await second.user()).toBeNull();
  });

  it('accepts a code one step old or one step ahead, but not two', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { secret } = await setUp(h);
    const tryCode = async (offsetMs: number) => {
      const browser = h.browser();
      await passwordStep(h.accounts, browser, 'ada@example.com');
      h.clock.advance(3 * STEP_MS);
      const code = codeFor(secret, h.clock.now() + offsetMs);
      return (await browser.run((auth) => h.accounts.twoFactor.completeLogin(auth, { code }))).ok;
    };
    expect(await tryCode(-2 * STEP_MS)).toBe(false);
    expect(await tryCode(-STEP_MS)).toBe(true);
    expect(await tryCode(STEP_MS)).toBe(true);
    expect(await tryCode(2 * STEP_MS)).toBe(false);
  });

  it('a recovery code works once, and its use is mailed', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { account, recoveryCodes } = await setUp(h);
    const code = (recoveryCodes[3] ?? '').toUpperCase();
    const browser = h.browser();
    await passwordStep(h.accounts, browser, 'ada@example.com');
    const done = await browser.run((auth) => h.accounts.twoFactor.completeLogin(auth, { code }));
    expect(done).toMatchObject({ ok: true, method: 'recovery_code' });
    expect(h.outbox.all('recovery-code-used', 'ada@example.com')).toHaveLength(1);
    expect((await h.accounts.twoFactor.status(account.id)).recoveryCodesLeft).toBe(9);
    const again = h.browser();
    await passwordStep(h.accounts, again, 'ada@example.com');
    expect((await again.run((auth) => h.accounts.twoFactor.completeLogin(auth, { code }))).ok).toBe(
      false,
    );
  });

  it('wrong codes count as failed logins: held with a retry time, and a new password does not reset the count', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { secret } = await setUp(h);
    const browser = h.browser();
    const results = [];
    for (let i = 0; i < 10; i++) {
      // Giving the right password again between wrong codes must not clear the failures.
      await passwordStep(h.accounts, browser, 'ada@example.com');
      results.push(
        await browser.run((auth) => h.accounts.twoFactor.completeLogin(auth, { code: '000000' })),
      );
    }
    expect(results.every((result) => !result.ok && result.reason === 'invalid')).toBe(true);
    const held = await browser.run((auth) =>
      h.accounts.twoFactor.completeLogin(auth, { code: codeFor(secret, h.clock.now()) }),
    );
    expect(held).toMatchObject({ ok: false, reason: 'throttled', retryAfterSeconds: 900 });
    expect(await browser.user()).toBeNull();
    expect(h.events.filter((event) => event.type === 'two_factor_failed')).toHaveLength(10);
  });

  it('codes sent all at once get no more checks than the limit: the rest, the right code among them, are held', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { secret } = await setUp(h);
    const browsers = Array.from({ length: 30 }, () => h.browser());
    for (const browser of browsers) await passwordStep(h.accounts, browser, 'ada@example.com');
    const results = await Promise.all(
      browsers.map((browser, i) =>
        browser.run((auth) =>
          h.accounts.twoFactor.completeLogin(auth, {
            code: i === browsers.length - 1 ? codeFor(secret, h.clock.now()) : '000000',
          }),
        ),
      ),
    );
    expect(results.filter((result) => result.ok)).toEqual([]);
    expect(results.filter((result) => !result.ok && result.reason === 'invalid')).toHaveLength(10);
    expect(results.filter((result) => !result.ok && result.reason === 'throttled')).toHaveLength(
      20,
    );
  });

  it('the pending login ends after five minutes', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { secret } = await setUp(h);
    const browser = h.browser();
    await passwordStep(h.accounts, browser, 'ada@example.com');
    h.clock.advance(5 * 60_000);
    const late = await browser.run((auth) =>
      h.accounts.twoFactor.completeLogin(auth, { code: codeFor(secret, h.clock.now()) }),
    );
    expect(late).toEqual({ ok: false, reason: 'not_pending' });
    expect(await browser.user()).toBeNull();
  });

  it('an account disabled while its login is pending is not logged in', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { account, secret } = await setUp(h);
    const browser = h.browser();
    await passwordStep(h.accounts, browser, 'ada@example.com');
    await h.store.update(account.id, { disabled: true });
    const result = await browser.run((auth) =>
      h.accounts.twoFactor.completeLogin(auth, { code: codeFor(secret, h.clock.now()) }),
    );
    expect(result).toEqual({ ok: false, reason: 'not_pending' });
  });

  it('a password reset leaves two-factor on: the next login still asks for a code', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    await setUp(h);
    await h.browser().run((auth) => h.accounts.requestReset(auth, { email: 'ada@example.com' }));
    const token = h.outbox.token('reset', 'ada@example.com');
    expect(
      (await h.accounts.resetPassword(token, { password: NEW_PASSWORD, password2: NEW_PASSWORD }))
        .ok,
    ).toBe(true);
    const browser = h.browser();
    const result = await browser.run((auth) =>
      h.accounts.login(auth, { email: 'ada@example.com', password: NEW_PASSWORD }),
    );
    expect(result).toMatchObject({ ok: true, secondFactorPending: true });
    expect(await browser.user()).toBeNull();
  });
});

describe('reauthenticating with two-factor on', () => {
  it('asks for the password and a code: either alone refuses, both make the login fresh', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { secret } = await setUp(h);
    const browser = h.browser();
    await passwordStep(h.accounts, browser, 'ada@example.com', { remember: true });
    await browser.run((auth) =>
      h.accounts.twoFactor.completeLogin(auth, { code: codeFor(secret, h.clock.now()) }),
    );
    browser.close();
    expect(await browser.isFresh()).toBe(false);
    h.clock.advance(STEP_MS);
    const reauth = (input: { password: string; code?: string }) =>
      browser.run((auth) => h.accounts.reauthenticate(auth, input));
    expect(await reauth({ password: GOOD_PASSWORD })).toMatchObject({
      ok: false,
      errors: { code: expect.any(String) },
    });
    expect(
      await reauth({ password: 'wrong password entirely', code: codeFor(secret, h.clock.now()) }),
    ).toMatchObject({
      ok: false,
      errors: { password: expect.any(String) },
    });
    expect(await reauth({ password: GOOD_PASSWORD, code: '123456' })).toMatchObject({
      ok: false,
      errors: { code: expect.any(String) },
    });
    expect(await browser.isFresh()).toBe(false);
    expect(await reauth({ password: GOOD_PASSWORD, code: codeFor(secret, h.clock.now()) })).toEqual(
      {
        ok: true,
      },
    );
    expect(await browser.isFresh()).toBe(true);
  });
});

describe('recovery codes and turning two-factor off', () => {
  it('new recovery codes void the old ones and are mailed about', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { browser, recoveryCodes } = await setUp(h);
    const fresh = await browser.run((auth) => h.accounts.twoFactor.regenerateRecoveryCodes(auth));
    expect(fresh.ok && fresh.recoveryCodes).toHaveLength(10);
    expect(h.outbox.all('recovery-codes-new', 'ada@example.com')).toHaveLength(1);
    const pending = h.browser();
    await passwordStep(h.accounts, pending, 'ada@example.com');
    const old = await pending.run((auth) =>
      h.accounts.twoFactor.completeLogin(auth, { code: recoveryCodes[0] ?? '' }),
    );
    expect(old.ok).toBe(false);
    const next = fresh.ok ? (fresh.recoveryCodes[0] ?? '') : '';
    expect(
      (await pending.run((auth) => h.accounts.twoFactor.completeLogin(auth, { code: next }))).ok,
    ).toBe(true);
  });

  it('turning it off needs a current code, mails a notice, and logins stop asking', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { account, browser, secret } = await setUp(h);
    expect(
      await browser.run((auth) => h.accounts.twoFactor.disable(auth, { code: '111111' })),
    ).toMatchObject({ ok: false, errors: { code: expect.any(String) } });
    expect((await h.accounts.twoFactor.status(account.id)).enabled).toBe(true);
    expect(
      await browser.run((auth) =>
        h.accounts.twoFactor.disable(auth, { code: codeFor(secret, h.clock.now()) }),
      ),
    ).toEqual({ ok: true });
    expect(await h.accounts.twoFactor.status(account.id)).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
    });
    expect(h.outbox.all('two-factor-disabled', 'ada@example.com')).toHaveLength(1);
    const result = await passwordStep(h.accounts, h.browser(), 'ada@example.com');
    expect(result).toMatchObject({ ok: true, secondFactorPending: false });
  });
});

describe('encryption keys rotate', () => {
  it('a secret sealed under the old key still works and is sealed again under the new one', async () => {
    const h = await harness({ secondFactorKeys: [KEY] });
    const { secret } = await setUp(h);
    const newKey = 'the-next-two-factor-key-abcdefghijklmnopqrstuv';
    const rotated = h.accountsWith({
      twoFactor: {
        store: createSqlTwoFactorStore(h.db),
        encryptionKeys: [newKey, KEY],
      },
    });
    const sealed = async () =>
      (
        (await h.db
          .selectFrom('two_factor_totp' as never)
          .selectAll()
          .executeTakeFirst()) as {
          sealed_secret: string;
        }
      ).sealed_secret;
    const before = await sealed();
    const browser = h.browser();
    await passwordStep(rotated, browser, 'ada@example.com');
    const done = await browser.run((auth) =>
      rotated.twoFactor.completeLogin(auth, { code: codeFor(secret, h.clock.now()) }),
    );
    expect(done.ok).toBe(true);
    const after = await sealed();
    expect(after).not.toBe(before);
    expect(after.split('.')[1]).not.toBe(before.split('.')[1]);
    // Only the new key is needed from now on.
    h.clock.advance(STEP_MS);
    const onlyNew = h.accountsWith({
      twoFactor: {
        store: createSqlTwoFactorStore(h.db),
        encryptionKeys: [newKey],
      },
    });
    const later = h.browser();
    await passwordStep(onlyNew, later, 'ada@example.com');
    expect(
      (
        await later.run((auth) =>
          onlyNew.twoFactor.completeLogin(auth, { code: codeFor(secret, h.clock.now()) }),
        )
      ).ok,
    ).toBe(true);
  });
});
