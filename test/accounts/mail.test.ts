/** @module Account mail: sent in the background, failures reported, links from the configured public URL. */
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/accounts/index.js';
import { GOOD_PASSWORD, PUBLIC_URL, useAccountsHarness } from './support/harness.js';

const harness = useAccountsHarness();
const FORM = {
  email: 'alice@example.com',
  username: 'alice',
  password: GOOD_PASSWORD,
  password2: GOOD_PASSWORD,
};

describe('account mail', () => {
  it('never waits for the mailer: a send that never settles does not hold the answer', async () => {
    const h = await harness();
    const pending: MailMessage[] = [];
    const accounts = h.accountsWith({
      mailer: {
        send: (message) => {
          pending.push(message);
          return new Promise<void>(() => {});
        },
      },
    });
    const result = await h.browser().run((auth) => accounts.register(auth, FORM));
    expect(result).toStrictEqual({ ok: true });
    expect(pending.map((m) => m.kind)).toStrictEqual(['confirm']);
  });

  it('hands a failed send to onMailError and still answers ok', async () => {
    const h = await harness();
    const failures: [unknown, string][] = [];
    const accounts = h.accountsWith({
      mailer: { send: async () => Promise.reject(new Error('smtp down')) },
      onMailError: (error, message) => failures.push([error, message.kind]),
    });
    expect(await h.browser().run((auth) => accounts.register(auth, FORM))).toStrictEqual({
      ok: true,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toStrictEqual([[new Error('smtp down'), 'confirm']]);
  });

  it('builds links from publicUrl and the configured prefixes, and names the app', async () => {
    const h = await harness({
      publicUrl: 'https://example.org/base/',
      links: { confirm: '/welcome/' },
      appName: 'Acme & Co',
    });
    await h.register('alice@example.com');
    const mail = h.outbox.last('confirm', 'alice@example.com');
    expect(mail.text).toMatch(/https:\/\/example\.org\/base\/welcome\/[\w-]{22}\.[\w-]{43}\n/);
    expect(mail.subject).toBe('Confirm your email address for Acme & Co');
    expect(mail.html).toContain('Acme &amp; Co');
  });

  it('ignores the request host: links come from publicUrl alone', async () => {
    const h = await harness();
    await h.register('alice@example.com');
    expect(h.outbox.last('confirm', 'alice@example.com').text).toContain(
      `${PUBLIC_URL}/auth/confirm/`,
    );
  });

  it.each(['', 'example.com', 'ftp://example.com', 'https://example.com/?next=x'])(
    'refuses the public URL %j at construction',
    async (publicUrl) => {
      const h = await harness();
      expect(() => h.accountsWith({ publicUrl })).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      );
    },
  );

  it('reports events without secrets: no password, token or cookie value', async () => {
    const h = await harness();
    await h.signUp('alice@example.com');
    const browser = await h.logIn('alice@example.com', { remember: true });
    await browser.run((auth) => h.accounts.requestReset(auth, { email: 'alice@example.com' }));
    const cookies = [browser.cookie('session'), browser.cookie('remember_token')];
    expect(cookies).not.toContain(undefined);
    const secrets = [GOOD_PASSWORD, h.outbox.token('reset', 'alice@example.com'), ...cookies];
    const logged = JSON.stringify(h.events);
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(h.events.map((e) => e.type)).toStrictEqual([
      'registered',
      'confirmed',
      'login_ok',
      'reset_requested',
    ]);
  });
});
