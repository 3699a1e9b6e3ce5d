/** @module Changing the email: password-checked, a link to the new address, a notice to the old one. */
import { describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const HOUR = 3_600_000;

describe('requestEmailChange and confirmEmailChange', () => {
  it('mails a link to the new address; following it moves the account and notifies the old address', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    const result = await browser.run((auth) =>
      h.accounts.requestEmailChange(auth, {
        email: ' Alice@New.Example ',
        password: GOOD_PASSWORD,
      }),
    );
    expect(result).toStrictEqual({ ok: true });
    expect((await h.store.byId(alice.id))?.email).toBe('alice@example.com');
    const mail = h.outbox.last('email-change', 'alice@new.example');
    expect(mail.text).toContain('https://accounts.example/auth/change-email/');
    const moved = await h.accounts.confirmEmailChange(
      h.outbox.token('email-change', 'alice@new.example'),
    );
    expect(moved).toMatchObject({
      ok: true,
      account: { id: alice.id, email: 'alice@new.example' },
    });
    expect(h.outbox.all('email-changed', 'alice@example.com')).toHaveLength(1);
    expect((await browser.user())?.email).toBe('alice@new.example');
    expect((await h.tryLogin('alice@new.example')).ok).toBe(true);
    expect((await h.tryLogin('alice@example.com')).ok).toBe(false);
    expect(h.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['email_change_requested', 'email_changed']),
    );
  });

  it('refuses a wrong password next to the field and mails nothing', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    const result = await browser.run((auth) =>
      h.accounts.requestEmailChange(auth, {
        email: 'alice@new.example',
        password: 'not my password at all',
      }),
    );
    expect(result).toStrictEqual({
      ok: false,
      reason: 'invalid',
      errors: { password: 'That is not your current password.' },
    });
    expect(h.outbox.all('email-change')).toHaveLength(0);
  });

  it('refuses a malformed address and the current one', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    for (const email of ['nope', 'ALICE@example.com']) {
      const result = await browser.run((auth) =>
        h.accounts.requestEmailChange(auth, { email, password: GOOD_PASSWORD }),
      );
      expect(result).toMatchObject({
        ok: false,
        reason: 'invalid',
        errors: { email: expect.any(String) },
      });
    }
  });

  it('answers a taken address with email_taken when the link is followed, and changes nothing', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    await h.signUp('bob@example.com');
    const browser = await h.logIn('alice@example.com');
    const result = await browser.run((auth) =>
      h.accounts.requestEmailChange(auth, { email: 'bob@example.com', password: GOOD_PASSWORD }),
    );
    expect(result).toStrictEqual({ ok: true });
    const outcome = await h.accounts.confirmEmailChange(
      h.outbox.token('email-change', 'bob@example.com'),
    );
    expect(outcome).toStrictEqual({ ok: false, reason: 'email_taken' });
    expect(await h.store.byId(alice.id)).toStrictEqual({ ...alice, lastLoginAt: h.clock.now() });
    expect(h.outbox.all('email-changed')).toHaveLength(0);
  });

  it('works once, and a newer request voids the older link', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    for (const email of ['one@example.com', 'two@example.com']) {
      await browser.run((auth) =>
        h.accounts.requestEmailChange(auth, { email, password: GOOD_PASSWORD }),
      );
    }
    const one = h.outbox.token('email-change', 'one@example.com');
    const two = h.outbox.token('email-change', 'two@example.com');
    expect(await h.accounts.confirmEmailChange(one)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
    expect((await h.accounts.confirmEmailChange(two)).ok).toBe(true);
    expect(await h.accounts.confirmEmailChange(two)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
  });

  it('works until 24 hours after the mail and not at 24 hours', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await h.signUp('bob@example.com');
    for (const [from, to] of [
      ['alice@example.com', 'alice@new.example'],
      ['bob@example.com', 'bob@new.example'],
    ] as const) {
      const browser = await h.logIn(from);
      await browser.run((auth) =>
        h.accounts.requestEmailChange(auth, { email: to, password: GOOD_PASSWORD }),
      );
    }
    h.clock.advance(24 * HOUR - 1000);
    expect(
      (await h.accounts.confirmEmailChange(h.outbox.token('email-change', 'alice@new.example'))).ok,
    ).toBe(true);
    h.clock.advance(1000);
    const late = await h.accounts.confirmEmailChange(
      h.outbox.token('email-change', 'bob@new.example'),
    );
    expect(late).toStrictEqual({ ok: false, reason: 'invalid_link' });
    expect((await h.store.byEmail('bob@example.com'))?.email).toBe('bob@example.com');
  });

  it('confirms an unconfirmed account and voids the old address confirmation link', async () => {
    const h = await harness();
    const browser = h.browser();
    await h.register('new@example.com', { username: 'newbie', browser });
    const confirmOld = h.outbox.token('confirm', 'new@example.com');
    await h.logIn('new@example.com', { browser });
    await browser.run((auth) =>
      h.accounts.requestEmailChange(auth, { email: 'newer@example.com', password: GOOD_PASSWORD }),
    );
    const moved = await h.accounts.confirmEmailChange(
      h.outbox.token('email-change', 'newer@example.com'),
    );
    expect(moved).toMatchObject({
      ok: true,
      account: { email: 'newer@example.com', confirmed: true },
    });
    expect(await h.accounts.confirm(confirmOld)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
  });
});
