/** @module Login throttling per account (doubling holds) and per address, kept in the counter store. */
import { describe, expect, it } from 'vitest';
import { type AccountsHarness, GOOD_PASSWORD, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const MINUTE = 60_000;
const WRONG = 'definitely the wrong password';

function attempt(h: AccountsHarness, email: string, password: string, address?: string) {
  return h.tryLogin(email, password, h.browser(address));
}

async function fail(h: AccountsHarness, email: string, times: number, address?: string) {
  for (let i = 0; i < times; i++) {
    expect((await attempt(h, email, WRONG, address)).ok).toBe(false);
  }
}

describe('login throttling', () => {
  it('holds an account for 15 minutes after 10 failures, refusing even the right password', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await fail(h, 'alice@example.com', 9);
    expect((await attempt(h, 'alice@example.com', GOOD_PASSWORD)).ok).toBe(true);
    await fail(h, 'alice@example.com', 10);
    const held = await attempt(h, 'alice@example.com', GOOD_PASSWORD);
    expect(held).toStrictEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 900 });
    expect(h.events.at(-1)?.type).toBe('login_throttled');
    h.clock.advance(10 * MINUTE);
    expect(await attempt(h, 'alice@example.com', GOOD_PASSWORD)).toMatchObject({
      retryAfterSeconds: 300,
    });
    h.clock.advance(5 * MINUTE);
    expect((await attempt(h, 'alice@example.com', GOOD_PASSWORD)).ok).toBe(true);
  });

  it('doubles the hold while failures go on: 15, then 30, then 60 minutes, and no longer', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await fail(h, 'alice@example.com', 10);
    const holds: unknown[] = [];
    for (const minutes of [15, 30, 60, 60]) {
      holds.push(await attempt(h, 'alice@example.com', GOOD_PASSWORD));
      h.clock.advance(minutes * MINUTE);
      await fail(h, 'alice@example.com', 1);
    }
    expect(holds.map((r) => (r as { retryAfterSeconds?: number }).retryAfterSeconds)).toStrictEqual(
      [900, 1800, 3600, 3600],
    );
  });

  it('counts afresh once the account stays quiet for a window after its hold', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await fail(h, 'alice@example.com', 10);
    h.clock.advance(30 * MINUTE);
    await fail(h, 'alice@example.com', 9);
    expect((await attempt(h, 'alice@example.com', GOOD_PASSWORD)).ok).toBe(true);
  });

  it('attempts while held are not failures: the hold does not grow', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await fail(h, 'alice@example.com', 10);
    for (let i = 0; i < 5; i++) await attempt(h, 'alice@example.com', WRONG);
    h.clock.advance(15 * MINUTE);
    expect((await attempt(h, 'alice@example.com', GOOD_PASSWORD)).ok).toBe(true);
  });

  it('a held account never blocks another account, from the same address', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await h.signUp('bob@example.com');
    await fail(h, 'alice@example.com', 10);
    expect((await attempt(h, 'alice@example.com', GOOD_PASSWORD)).ok).toBe(false);
    expect((await attempt(h, 'bob@example.com', GOOD_PASSWORD)).ok).toBe(true);
  });

  it('holds an unknown address the same way as a known one', async () => {
    const h = await harness();
    await fail(h, 'ghost@example.com', 10);
    expect(await attempt(h, 'ghost@example.com', GOOD_PASSWORD)).toMatchObject({
      reason: 'throttled',
      retryAfterSeconds: 900,
    });
  });

  it('holds a client address after 100 failures, for every account, but not other addresses', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    for (let i = 0; i < 100; i++) {
      expect((await attempt(h, `nobody${i}@example.com`, WRONG, '192.0.2.9')).ok).toBe(false);
    }
    const held = await attempt(h, 'alice@example.com', GOOD_PASSWORD, '192.0.2.9');
    expect(held).toStrictEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 900 });
    expect((await attempt(h, 'alice@example.com', GOOD_PASSWORD, '192.0.2.10')).ok).toBe(true);
    h.clock.advance(15 * MINUTE);
    expect((await attempt(h, 'alice@example.com', GOOD_PASSWORD, '192.0.2.9')).ok).toBe(true);
  });

  it('counts failed reauthentications toward the account', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com');
    for (let i = 0; i < 10; i++) {
      const result = await browser.run((auth) =>
        h.accounts.reauthenticate(auth, { password: WRONG }),
      );
      expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    }
    expect(
      await browser.run((auth) => h.accounts.reauthenticate(auth, { password: GOOD_PASSWORD })),
    ).toMatchObject({
      reason: 'throttled',
    });
    expect((await attempt(h, 'alice@example.com', GOOD_PASSWORD)).ok).toBe(false);
  });

  it('keeps its counts in the shared counter store: another service instance sees the hold', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    await fail(h, 'alice@example.com', 10);
    const other = h.accountsWith({});
    const result = await h
      .browser()
      .run((auth) => other.login(auth, { email: 'alice@example.com', password: GOOD_PASSWORD }));
    expect(result).toMatchObject({ reason: 'throttled' });
  });

  it('takes its limits from the options', async () => {
    const h = await harness({
      throttle: {
        accountFailures: { limit: 2 },
        accountHold: { minutes: 1 },
        maxHold: { minutes: 2 },
      },
    });
    await h.signUp('alice@example.com');
    await fail(h, 'alice@example.com', 2);
    expect(await attempt(h, 'alice@example.com', GOOD_PASSWORD)).toMatchObject({
      retryAfterSeconds: 60,
    });
    expect(() =>
      h.accountsWith({ throttle: { accountHold: { hours: 2 }, maxHold: { hours: 1 } } }),
    ).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});
