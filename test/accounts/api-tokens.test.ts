/** @module A user's API tokens through the accounts service: the form, the list, revocation, and what ends them. */
import { describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, NEW_PASSWORD, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const DAY = 86_400_000;

async function loggedIn(h: Awaited<ReturnType<typeof harness>>) {
  const account = await h.signUp('tess@example.com', 'tess');
  const browser = await h.logIn('tess@example.com');
  return { account, browser };
}

describe('createApiToken', () => {
  it('issues a token for 30 days by default, with the scopes asked for', async () => {
    const h = await harness();
    const { account, browser } = await loggedIn(h);
    const result = await browser.run((auth) =>
      h.accounts.createApiToken(auth, { name: ' deploy ', scopes: ['profile:read'] }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.token).toMatch(/^lk_[\w-]{22}\.[\w-]{43}$/);
    expect(result.info).toMatchObject({
      userId: account.id,
      name: 'deploy',
      scopes: ['profile:read'],
      expiresAt: h.clock.now() + 30 * DAY,
    });
    expect((await h.apiTokens.verify(result.token))?.id).toBe(result.info.id);
  });

  it('takes 1 to 365 days, and no scope at all', async () => {
    const h = await harness();
    const { browser } = await loggedIn(h);
    for (const days of ['1', '365', ' 7 ']) {
      const result = await browser.run((auth) =>
        h.accounts.createApiToken(auth, { name: 'n', scopes: [], expires_days: days }),
      );
      expect(result.ok && result.info.expiresAt - result.info.createdAt).toBe(Number(days) * DAY);
    }
  });

  it.each([
    ['0 days', { name: 'n', scopes: [], expires_days: '0' }, 'expires_days'],
    ['366 days', { name: 'n', scopes: [], expires_days: '366' }, 'expires_days'],
    ['a fraction of days', { name: 'n', scopes: [], expires_days: '1.5' }, 'expires_days'],
    ['words for days', { name: 'n', scopes: [], expires_days: 'ten' }, 'expires_days'],
    ['no name', { name: '  ', scopes: [] }, 'name'],
    ['a name over 100 characters', { name: 'n'.repeat(101), scopes: [] }, 'name'],
    ['an unknown scope', { name: 'n', scopes: ['profile:read', 'admin:all'] }, 'scope'],
  ])('refuses %s next to its field and issues nothing', async (_label, input, field) => {
    const h = await harness();
    const { account, browser } = await loggedIn(h);
    const result = await browser.run((auth) => h.accounts.createApiToken(auth, input));
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(!result.ok && result.reason === 'invalid' && Object.keys(result.errors)).toEqual([
      field,
    ]);
    expect(await h.apiTokens.list(account.id)).toEqual([]);
  });

  it('refuses an anonymous visitor', async () => {
    const h = await harness();
    const result = await h
      .browser()
      .run((auth) => h.accounts.createApiToken(auth, { name: 'n', scopes: [] }));
    expect(result).toMatchObject({ ok: false, errors: { form: 'Please log in first.' } });
  });
});

describe('listing and revoking', () => {
  it('lists the account’s own tokens without their value; revoking one ends it at once', async () => {
    const h = await harness();
    const { browser } = await loggedIn(h);
    const other = await h.signUp('other@example.com', 'other');
    const foreign = await h.apiTokens.issue(other.id, { name: 'foreign' });
    const made = await browser.run((auth) =>
      h.accounts.createApiToken(auth, { name: 'mine', scopes: ['profile:read'] }),
    );
    if (!made.ok) throw new Error('not issued');
    const listed = await browser.run((auth) => h.accounts.listApiTokens(auth));
    expect(listed.map((token) => token.name)).toEqual(['mine']);
    expect(JSON.stringify(listed)).not.toContain(made.token.split('.')[1]);
    expect(await browser.run((auth) => h.accounts.revokeApiToken(auth, foreign.info.id))).toBe(
      false,
    );
    expect(await h.apiTokens.verify(foreign.token)).not.toBeNull();
    expect(await browser.run((auth) => h.accounts.revokeApiToken(auth, made.info.id))).toBe(true);
    expect(await h.apiTokens.verify(made.token)).toBeNull();
  });
});

describe('what ends tokens', () => {
  it('a password reset ends every token of the account', async () => {
    const h = await harness();
    const { account } = await loggedIn(h);
    const { token } = await h.apiTokens.issue(account.id, { name: 'ci' });
    expect(await h.apiTokens.verify(token)).not.toBeNull();
    await h.browser().run((auth) => h.accounts.requestReset(auth, { email: account.email }));
    const link = h.outbox.token('reset', account.email);
    const reset = await h.accounts.resetPassword(link, {
      password: NEW_PASSWORD,
      password2: NEW_PASSWORD,
    });
    expect(reset.ok).toBe(true);
    expect(await h.apiTokens.verify(token)).toBeNull();
  });

  it('a password change keeps them', async () => {
    const h = await harness();
    const { account, browser } = await loggedIn(h);
    const { token } = await h.apiTokens.issue(account.id, { name: 'ci' });
    const changed = await browser.run((auth) =>
      h.accounts.changePassword(auth, {
        old_password: GOOD_PASSWORD,
        password: NEW_PASSWORD,
        password2: NEW_PASSWORD,
      }),
    );
    expect(changed).toStrictEqual({ ok: true });
    expect(await h.apiTokens.verify(token)).not.toBeNull();
  });
});
