/** @module Changing the password: other sessions and remember-me tokens end, this browser stays, links void. */
import { describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, NEW_PASSWORD, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const CHANGE = { old_password: GOOD_PASSWORD, password: NEW_PASSWORD, password2: NEW_PASSWORD };

describe('changePassword', () => {
  it('ends the other sessions and every remember-me token, and keeps this browser under a new session id', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const here = await h.logIn('alice@example.com', { remember: true });
    const there = await h.logIn('alice@example.com', {
      browser: h.browser('198.51.100.20'),
      remember: true,
    });
    const oldSession = here.cookie('session') ?? '';
    const oldRemember = here.cookie('remember_token') ?? '';
    const thereRemember = there.cookie('remember_token') ?? '';
    expect([oldSession, oldRemember, thereRemember]).not.toContain('');
    h.clock.advance(1000);
    expect(await here.run((auth) => h.accounts.changePassword(auth, CHANGE))).toStrictEqual({
      ok: true,
    });
    expect((await here.user())?.id).toBe(alice.id);
    expect(here.cookie('session')).not.toBe(oldSession);
    expect(here.cookie('remember_token')).toBeUndefined();
    expect(await there.user()).toBeNull();
    for (const [name, value] of [
      ['session', oldSession],
      ['remember_token', oldRemember],
      ['remember_token', thereRemember],
    ] as const) {
      const replay = h.browser();
      replay.setCookie(name, value);
      expect(await replay.user()).toBeNull();
    }
    expect(await h.manager.listSessions(alice.id)).toHaveLength(1);
    expect((await h.store.byId(alice.id))?.passwordChangedAt).toBe(h.clock.now());
    expect((await h.tryLogin(alice.email, NEW_PASSWORD)).ok).toBe(true);
    expect(h.outbox.all('password-changed', 'alice@example.com')).toHaveLength(1);
    expect(h.events.map((e) => e.type)).toContain('password_changed');
  });

  it('voids outstanding reset and email-change links', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    await browser.run((auth) => h.accounts.requestReset(auth, { email: 'alice@example.com' }));
    await browser.run((auth) =>
      h.accounts.requestEmailChange(auth, { email: 'alice@new.example', password: GOOD_PASSWORD }),
    );
    const reset = h.outbox.token('reset', 'alice@example.com');
    const change = h.outbox.token('email-change', 'alice@new.example');
    await browser.run((auth) => h.accounts.changePassword(auth, CHANGE));
    expect(await h.accounts.checkResetLink(reset)).toBe(false);
    expect(await h.accounts.confirmEmailChange(change)).toStrictEqual({
      ok: false,
      reason: 'invalid_link',
    });
  });

  it('refuses a wrong old password next to old_password and changes nothing', async () => {
    const h = await harness();
    const alice = await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    const result = await browser.run((auth) =>
      h.accounts.changePassword(auth, { ...CHANGE, old_password: 'not the old password at all' }),
    );
    expect(result).toStrictEqual({
      ok: false,
      reason: 'invalid',
      errors: { old_password: 'That is not your current password.' },
    });
    expect(await h.store.byId(alice.id)).toStrictEqual({ ...alice, lastLoginAt: h.clock.now() });
    expect(h.outbox.all('password-changed')).toHaveLength(0);
  });

  it('checks the new password against the policy and its repetition', async () => {
    const h = await harness();
    await h.signUp('alice@example.com', 'alice_the_great');
    const browser = await h.logIn('alice@example.com');
    const result = await browser.run((auth) =>
      h.accounts.changePassword(auth, {
        old_password: '',
        password: 'Alice_The_Great',
        password2: 'other',
      }),
    );
    expect(result).toStrictEqual({
      ok: false,
      reason: 'invalid',
      errors: {
        old_password: 'Enter your password.',
        password: 'Do not use your email address or username as your password.',
        password2: 'The two passwords do not match.',
      },
    });
  });

  it('refuses an anonymous visitor', async () => {
    const h = await harness();
    const result = await h.browser().run((auth) => h.accounts.changePassword(auth, CHANGE));
    expect(result).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: { form: expect.any(String) },
    });
  });
});
