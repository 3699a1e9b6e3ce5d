/** @module Password reset: the same answer for every address, mail limits, single-use expiring links, sessions ended. */
import { describe, expect, it } from 'vitest';
import {
  type AccountsHarness,
  GOOD_PASSWORD,
  NEW_PASSWORD,
  useAccountsHarness,
} from './support/harness.js';

const harness = useAccountsHarness();
const MINUTE = 60_000;
const NEW = { password: NEW_PASSWORD, password2: NEW_PASSWORD };

function request(h: AccountsHarness, email: string, address = '203.0.113.7') {
  return h.browser(address).run((auth) => h.accounts.requestReset(auth, { email }));
}

describe('requestReset', () => {
  it('answers the same for an unknown address and sends nothing', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const mails = h.outbox.sent.length;
    expect(await request(h, 'nobody@example.com')).toStrictEqual({ ok: true });
    expect(await request(h, 'Alice@Example.com ')).toStrictEqual({ ok: true });
    expect(h.outbox.sent).toHaveLength(mails + 1);
    const mail = h.outbox.last('reset', 'alice@example.com');
    expect(mail.text).toContain('https://accounts.example/auth/reset/');
    expect(mail.text).toContain('1 hour');
    expect(mail.html).toContain('<a href="https://accounts.example/auth/reset/');
  });

  it('mails unconfirmed addresses too', async () => {
    const h = await harness();
    await h.register('new@example.com', { username: 'newbie' });
    await request(h, 'new@example.com');
    expect(h.outbox.all('reset', 'new@example.com')).toHaveLength(1);
  });

  it('refuses a malformed address with an email field error', async () => {
    const h = await harness();
    expect(await request(h, 'not an address')).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: { email: expect.any(String) },
    });
  });

  it('sends at most 3 mails per account in 15 minutes, answering the same', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    for (let i = 0; i < 5; i++)
      expect(await request(h, 'alice@example.com', `192.0.2.${i}`)).toStrictEqual({ ok: true });
    expect(h.outbox.all('reset', 'alice@example.com')).toHaveLength(3);
    expect(h.events.filter((e) => e.type === 'reset_throttled')).toHaveLength(2);
    h.clock.advance(15 * MINUTE);
    await request(h, 'alice@example.com');
    expect(h.outbox.all('reset', 'alice@example.com')).toHaveLength(4);
  });

  it('throttles an address after 100 requests in 15 minutes', async () => {
    const h = await harness();
    for (let i = 0; i < 100; i++)
      expect((await request(h, `n${i}@example.com`, '192.0.2.77')).ok).toBe(true);
    expect(await request(h, 'n@example.com', '192.0.2.77')).toStrictEqual({
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: 900,
    });
    expect((await request(h, 'n@example.com', '192.0.2.78')).ok).toBe(true);
  });

  it('voids the older link when a new one is requested', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await request(h, 'alice@example.com');
    const older = h.outbox.token('reset', 'alice@example.com');
    await request(h, 'alice@example.com');
    const newer = h.outbox.token('reset', 'alice@example.com');
    expect(await h.accounts.checkResetLink(older)).toBe(false);
    expect(await h.accounts.resetPassword(older, NEW)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
    expect((await h.accounts.resetPassword(newer, NEW)).ok).toBe(true);
  });
});

describe('resetPassword', () => {
  it('sets the password, ends every session and remember-me token, logs no one in and sends a notice', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com', { remember: true });
    const remember = browser.cookie('remember_token') ?? '';
    expect(remember).not.toBe('');
    await request(h, 'alice@example.com');
    const token = h.outbox.token('reset', 'alice@example.com');
    expect(await h.accounts.checkResetLink(token)).toBe(true);
    h.clock.advance(1000);
    const result = await h.accounts.resetPassword(token, NEW);
    expect(result).toMatchObject({
      ok: true,
      account: { id: alice.id, passwordChangedAt: h.clock.now() },
    });
    expect(await browser.user()).toBeNull();
    const replay = h.browser();
    replay.setCookie('remember_token', remember);
    expect(await replay.user()).toBeNull();
    expect(await h.manager.listSessions(alice.id)).toHaveLength(0);
    expect(await h.tryLogin('alice@example.com', GOOD_PASSWORD)).toMatchObject({ ok: false });
    expect((await h.tryLogin('alice@example.com', NEW_PASSWORD)).ok).toBe(true);
    expect(h.outbox.all('password-changed', 'alice@example.com')).toHaveLength(1);
    expect(h.events.map((e) => e.type)).toContain('password_reset');
  });

  it('works once, and not at 1 hour after the mail', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await h.signUp('bob@example.com');
    await request(h, 'alice@example.com');
    await request(h, 'bob@example.com');
    const alice = h.outbox.token('reset', 'alice@example.com');
    h.clock.advance(60 * MINUTE - 1000);
    expect((await h.accounts.resetPassword(alice, NEW)).ok).toBe(true);
    expect(await h.accounts.resetPassword(alice, NEW)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
    expect(await h.accounts.checkResetLink(alice)).toBe(false);
    h.clock.advance(1000);
    const bob = h.outbox.token('reset', 'bob@example.com');
    expect(await h.accounts.checkResetLink(bob)).toBe(false);
    expect(await h.accounts.resetPassword(bob, NEW)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
  });

  it('leaves the link usable when the new password is refused', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await request(h, 'alice@example.com');
    const token = h.outbox.token('reset', 'alice@example.com');
    const refused = await h.accounts.resetPassword(token, {
      password: 'alice@example.com',
      password2: 'nope',
    });
    expect(refused).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: { password: expect.any(String), password2: expect.any(String) },
    });
    expect((await h.accounts.resetPassword(token, NEW)).ok).toBe(true);
  });

  it('is bound to its purpose: a confirmation link does not reset', async () => {
    const h = await harness();
    await h.register('new@example.com', { username: 'newbie' });
    const confirm = h.outbox.token('confirm', 'new@example.com');
    expect(await h.accounts.checkResetLink(confirm)).toBe(false);
    expect(await h.accounts.resetPassword(confirm, NEW)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
    expect((await h.accounts.confirm(confirm)).ok).toBe(true);
  });

  it('voids outstanding email-change links', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    await browser.run((auth) =>
      h.accounts.requestEmailChange(auth, { email: 'alice@new.example', password: GOOD_PASSWORD }),
    );
    const change = h.outbox.token('email-change', 'alice@new.example');
    await request(h, 'alice@example.com');
    expect(
      (await h.accounts.resetPassword(h.outbox.token('reset', 'alice@example.com'), NEW)).ok,
    ).toBe(true);
    expect(await h.accounts.confirmEmailChange(change)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
  });
});
