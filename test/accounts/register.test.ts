/** @module Registration, confirmation links and resending them, through a real LoginManager on SQLite. */
import { describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, PUBLIC_URL, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const HOUR = 3_600_000;

function form(overrides: Record<string, string> = {}) {
  return {
    email: 'alice@example.com',
    username: 'alice',
    password: GOOD_PASSWORD,
    password2: GOOD_PASSWORD,
    ...overrides,
  };
}

describe('register', () => {
  it('creates an unconfirmed account under the normalised email and mails an absolute confirmation link', async () => {
    const h = await harness();
    const result = await h
      .browser()
      .run((auth) => h.accounts.register(auth, form({ email: '  Alice@Example.COM ' })));
    expect(result).toStrictEqual({ ok: true });
    const account = await h.store.byEmail('alice@example.com');
    expect(account).toMatchObject({ username: 'alice', confirmed: false, disabled: false });
    const mail = h.outbox.last('confirm', 'alice@example.com');
    const token = h.outbox.token('confirm', 'alice@example.com');
    expect(mail.text).toContain(`${PUBLIC_URL}/auth/confirm/${token}`);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/auth/confirm/${token}">`);
    expect(mail.text).toContain('24 hours');
    expect(h.events).toContainEqual({
      type: 'registered',
      accountId: account?.id,
      address: '203.0.113.7',
      userAgent: 'AccountsTest/1.0',
      detail: { role: 'user' },
    });
  });

  it.each([
    ['an empty email', '', 'Enter your email address.'],
    ['a malformed email', 'not-an-address', 'Enter a valid email address, like name@example.com.'],
    ['an email over 254 characters', `${'a'.repeat(250)}@x.io`, 'Use at most 254 characters.'],
  ])('refuses %s with an email field error and creates nothing', async (_, email, message) => {
    const h = await harness();
    const result = await h.browser().run((auth) => h.accounts.register(auth, form({ email })));
    expect(result).toStrictEqual({ ok: false, reason: 'invalid', errors: { email: message } });
    expect(h.outbox.sent).toHaveLength(0);
  });

  it.each([
    ['shorter than 3 characters', 'ab', 'Use at least 3 characters.'],
    ['longer than 32 characters', 'a'.repeat(33), 'Use at most 32 characters.'],
    ['with a space or punctuation', 'bad name!', 'Use only letters, digits, “_”, “.” and “-”.'],
  ])('refuses a username %s', async (_, username, message) => {
    const h = await harness();
    const result = await h.browser().run((auth) => h.accounts.register(auth, form({ username })));
    expect(result).toStrictEqual({ ok: false, reason: 'invalid', errors: { username: message } });
  });

  it('accepts a username of letters, digits, "_", "." and "-" and keeps its case', async () => {
    const h = await harness();
    const result = await h
      .browser()
      .run((auth) => h.accounts.register(auth, form({ username: 'Al.ice-_9' })));
    expect(result.ok).toBe(true);
    expect((await h.store.byEmail('alice@example.com'))?.username).toBe('Al.ice-_9');
  });

  it('refuses a username another account holds in another case', async () => {
    const h = await harness();
    await h.signUp('alice@example.com', 'Alice');
    const result = await h
      .browser()
      .run((auth) =>
        h.accounts.register(auth, form({ email: 'bob@example.com', username: 'aLICE' })),
      );
    expect(result).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: { username: expect.any(String) },
    });
    expect(await h.store.byEmail('bob@example.com')).toBeNull();
  });

  it.each([
    [
      'too short',
      { password: 'short pass 123', password2: 'short pass 123' },
      'Use at least 15 characters.',
    ],
    [
      'common',
      { password: 'PassWordPassWord', password2: 'PassWordPassWord' },
      'This password is too common. Choose one that is harder to guess.',
    ],
    [
      'the email',
      { password: 'alice@example.com', password2: 'alice@example.com' },
      'Do not use your email address or username as your password.',
    ],
    [
      'the username',
      { username: 'alice_the_great', password: 'ALICE_THE_GREAT', password2: 'ALICE_THE_GREAT' },
      'Do not use your email address or username as your password.',
    ],
    [
      'the email local part',
      {
        email: 'longlocalpart99@example.com',
        password: 'longlocalpart99',
        password2: 'longlocalpart99',
      },
      'Do not use your email address or username as your password.',
    ],
  ])('refuses a password that is %s', async (_, fields, message) => {
    const h = await harness();
    const result = await h.browser().run((auth) => h.accounts.register(auth, form(fields)));
    expect(result).toStrictEqual({ ok: false, reason: 'invalid', errors: { password: message } });
  });

  it('refuses a repeated password that does not match, next to password2', async () => {
    const h = await harness();
    const result = await h
      .browser()
      .run((auth) => h.accounts.register(auth, form({ password2: `${GOOD_PASSWORD}!` })));
    expect(result).toStrictEqual({
      ok: false,
      reason: 'invalid',
      errors: { password2: 'The two passwords do not match.' },
    });
  });

  it('takes a configured minimum length, and refuses one below 8 at construction', async () => {
    const h = await harness({ minPasswordLength: 8 });
    const ok = await h
      .browser()
      .run((auth) =>
        h.accounts.register(auth, form({ password: 'zq8!vw3k', password2: 'zq8!vw3k' })),
      );
    expect(ok).toStrictEqual({ ok: true });
    expect(() => h.accountsWith({ minPasswordLength: 7 })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });

  it('answers a taken email like a success, hashes anyway, creates nothing and mails the owner', async () => {
    const h = await harness();
    const owner = await h.signUp('alice@example.com', 'alice');
    const hashesBefore = h.hashing.hash;
    const result = await h
      .browser()
      .run((auth) =>
        h.accounts.register(auth, form({ email: 'ALICE@example.com', username: 'mallory' })),
      );
    expect(result).toStrictEqual({ ok: true });
    expect(h.hashing.hash).toBe(hashesBefore + 1);
    expect(await h.store.byId(owner.id)).toStrictEqual(owner);
    expect(h.outbox.all('register-taken', 'alice@example.com')).toHaveLength(1);
    expect(h.outbox.all('confirm', 'alice@example.com')).toHaveLength(1);
    expect(h.events.at(-1)).toStrictEqual({
      type: 'register_taken',
      accountId: owner.id,
      address: '203.0.113.7',
      userAgent: 'AccountsTest/1.0',
    });
  });

  it('ten concurrent registrations of one email make exactly one account, and all answer ok', async () => {
    const h = await harness();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.browser().run((auth) => h.accounts.register(auth, form({ username: `racer${i}` }))),
      ),
    );
    expect(results).toStrictEqual(Array.from({ length: 10 }, () => ({ ok: true })));
    expect(h.outbox.all('confirm')).toHaveLength(1);
    expect(h.outbox.all('register-taken')).toHaveLength(9);
    const rows = await h.db
      .selectFrom('users' as never)
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('counts every registration attempt per address: the 301st in an hour is throttled', async () => {
    const h = await harness();
    const browser = h.browser('192.0.2.50');
    for (let i = 0; i < 300; i++) {
      const invalid = await browser.run((auth) => h.accounts.register(auth, form({ email: '' })));
      expect(invalid.ok).toBe(false);
    }
    const held = await browser.run((auth) => h.accounts.register(auth, form()));
    expect(held).toStrictEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 3600 });
    const elsewhere = await h
      .browser('192.0.2.51')
      .run((auth) => h.accounts.register(auth, form()));
    expect(elsewhere).toStrictEqual({ ok: true });
  });
});

describe('confirm', () => {
  it('confirms the account once; the same link then answers invalid_link', async () => {
    const h = await harness();
    await h.register('alice@example.com');
    const token = h.outbox.token('confirm', 'alice@example.com');
    const first = await h.accounts.confirm(token);
    expect(first).toMatchObject({
      ok: true,
      account: { email: 'alice@example.com', confirmed: true },
    });
    expect(await h.accounts.confirm(token)).toStrictEqual({ ok: false, reason: 'invalid_link' });
    expect(h.events.map((e) => e.type)).toContain('confirmed');
  });

  it('works until 24 hours after the mail and not at 24 hours', async () => {
    const h = await harness();
    await h.register('alice@example.com');
    await h.register('bob@example.com');
    h.clock.advance(24 * HOUR - 1000);
    expect((await h.accounts.confirm(h.outbox.token('confirm', 'alice@example.com'))).ok).toBe(
      true,
    );
    h.clock.advance(1000);
    expect(await h.accounts.confirm(h.outbox.token('confirm', 'bob@example.com'))).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
    expect((await h.store.byEmail('bob@example.com'))?.confirmed).toBe(false);
  });

  it('is bound to its purpose: a reset link does not confirm, and garbage is refused', async () => {
    const h = await harness();
    await h.register('alice@example.com');
    await h.browser().run((auth) => h.accounts.requestReset(auth, { email: 'alice@example.com' }));
    const reset = h.outbox.token('reset', 'alice@example.com');
    for (const token of [reset, 'garbage', `${reset.slice(0, 23)}${'A'.repeat(43)}`, '']) {
      expect(await h.accounts.confirm(token)).toStrictEqual({ ok: false, reason: 'invalid_link' });
    }
    expect((await h.store.byEmail('alice@example.com'))?.confirmed).toBe(false);
    expect(await h.accounts.checkResetLink(reset)).toBe(true);
  });
});

describe('resendConfirmation', () => {
  it('mails a logged-in, unconfirmed user a new link and voids the older one', async () => {
    const h = await harness();
    const browser = h.browser();
    await h.register('alice@example.com', { browser });
    const older = h.outbox.token('confirm', 'alice@example.com');
    await h.logIn('alice@example.com', { browser });
    expect(await browser.run((auth) => h.accounts.resendConfirmation(auth))).toStrictEqual({
      ok: true,
    });
    const newer = h.outbox.token('confirm', 'alice@example.com');
    expect(newer).not.toBe(older);
    expect(await h.accounts.confirm(older)).toStrictEqual({ ok: false, reason: 'invalid_link' });
    expect((await h.accounts.confirm(newer)).ok).toBe(true);
    expect(h.events.map((e) => e.type)).toContain('confirmation_resent');
  });

  it('sends nothing to a confirmed user, and refuses an anonymous visitor', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    const mails = h.outbox.sent.length;
    expect(await browser.run((auth) => h.accounts.resendConfirmation(auth))).toStrictEqual({
      ok: true,
    });
    expect(h.outbox.sent).toHaveLength(mails);
    expect(await h.browser().run((auth) => h.accounts.resendConfirmation(auth))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});
