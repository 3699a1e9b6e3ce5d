/**
 * Passkeys over HTTP (what a script sees; the real ceremony runs in Chromium in
 * test/e2e/passkeys.test.ts): the pages and their buttons, the JSON endpoints' options
 * (relying party from PUBLIC_URL, discoverable credentials, user verification required),
 * CSRF on every endpoint, single-use challenges, bad answers refused with a 4xx, and failed
 * sign-ins throttled per client address like failed passwords.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from './support/browser.js';
import {
  expectClientError,
  isLoggedIn,
  JSON_CLIENT,
  jsonOf,
  locationPath,
} from './support/checks.js';
import { login, registerConfirmed, signUp } from './support/flows.js';
import { tags, textOf } from './support/html.js';
import { startTestApp, useTestApp } from './support/test-app.js';

const app = useTestApp();

/** A POST from the page's script: url-encoded fields with the page's token, JSON back. */
async function scriptPost(
  browser: Browser,
  path: string,
  page: string,
  fields: Record<string, string> = {},
) {
  const token = await browser.csrfToken('/auth/logout', page).catch(() => browser.csrfToken(page));
  return browser.post(path, { ...fields, csrf_token: token }, JSON_CLIENT);
}

/** An assertion for a credential no account has: it never signs anyone in. */
const FORGED = JSON.stringify({
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  response: {
    clientDataJSON: 'e30',
    authenticatorData: 'AAAA',
    signature: 'AAAA',
    userHandle: 'AAAA',
  },
  clientExtensionResults: {},
});

function buttonsOf(html: string): string[] {
  return [...html.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)].map((m) => textOf(m[1] ?? ''));
}

describe('the passkey pages', () => {
  it('/auth/login offers a button named "Sign in with a passkey", and its script is served by the app', async () => {
    const page = await app.browser().get('/auth/login');
    expect(buttonsOf(page.text)).toContain('Sign in with a passkey');
    const scripts = tags(page.text, 'script').map((tag) => tag.attributes.src);
    expect(scripts).toEqual(
      expect.arrayContaining(['/static/simplewebauthn-browser.js', '/static/passkeys.js']),
    );
    for (const src of scripts) {
      const script = await app.browser().get(src ?? '');
      expect(script.status, src).toBe(200);
      expect(script.headers.get('content-type'), src).toMatch(/javascript/);
    }
    const bundle = await app.browser().get('/static/simplewebauthn-browser.js');
    expect(bundle.text).toContain('SimpleWebAuthnBrowser');
  });

  it('GET /auth/passkeys needs a fresh login, lists none yet and has a button named "Add a passkey"', async () => {
    expect(locationPath(await app.browser().get('/auth/passkeys'))).toBe(
      '/auth/login?next=%2Fauth%2Fpasskeys',
    );
    const { browser } = await signUp(app, { label: 'pklist' });
    const page = await browser.get('/auth/passkeys');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(buttonsOf(page.text)).toContain('Add a passkey');
    expect(page.text).not.toContain('data-passkey-id=');
    expect(jsonOf(await browser.get('/auth/passkeys', JSON_CLIENT))).toEqual({ passkeys: [] });
  });

  it('a stale (remembered) session is sent to reauthenticate before the passkey page', async () => {
    const { browser } = await signUp(app, { label: 'pkstale', remember: true });
    browser.closeBrowser();
    const reply = await browser.get('/auth/passkeys');
    expect(locationPath(reply)?.startsWith('/auth/reauthenticate?next=')).toBe(true);
  });
});

describe('the JSON endpoints under /auth/passkeys/', () => {
  it('registration options: the relying party is PUBLIC_URL’s host, resident keys and user verification required', async () => {
    const { who, browser } = await signUp(app, { label: 'pkopts' });
    const reply = await scriptPost(browser, '/auth/passkeys/register/options', '/auth/passkeys');
    expect(reply.status).toBe(200);
    const options = jsonOf(reply) as Record<string, never>;
    expect(options).toMatchObject({
      rp: { id: new URL(app.publicUrl).hostname },
      user: { name: who.email },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      attestation: 'none',
    });
    expect(String(options.challenge)).toMatch(/^[\w-]{43}$/);
    expect(Number(options.timeout)).toBeLessThanOrEqual(5 * 60_000);
  });

  it('sign-in options: discoverable (no credential list), user verification required, a new challenge each time', async () => {
    const browser = app.browser();
    const first = await scriptPost(browser, '/auth/passkeys/login/options', '/auth/login');
    const second = await scriptPost(browser, '/auth/passkeys/login/options', '/auth/login');
    expect(first.status).toBe(200);
    const options = jsonOf(first) as Record<string, unknown>;
    expect(options).toMatchObject({
      rpId: new URL(app.publicUrl).hostname,
      userVerification: 'required',
    });
    expect(options.allowCredentials ?? []).toEqual([]);
    expect((jsonOf(second) as { challenge: string }).challenge).not.toBe(options.challenge);
  });

  it('every endpoint refuses a POST without a CSRF token with 403', async () => {
    const { browser } = await signUp(app, { label: 'pkcsrf' });
    for (const path of [
      '/auth/passkeys/register/options',
      '/auth/passkeys/register/verify',
      '/auth/passkeys/login/options',
      '/auth/passkeys/login/verify',
      '/auth/passkeys/some-id/delete',
    ]) {
      const reply = await browser.post(path, {}, JSON_CLIENT);
      expect(reply.status, path).toBe(403);
      expect(jsonOf(reply), path).toEqual({ error: 'csrf_failed' });
    }
  });

  it('a sign-in answer that does not check out is refused with a 4xx and logs no one in', async () => {
    const browser = app.browser();
    await scriptPost(browser, '/auth/passkeys/login/options', '/auth/login');
    const forged = JSON.stringify({
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      response: {
        clientDataJSON: 'e30',
        authenticatorData: 'AAAA',
        signature: 'AAAA',
        userHandle: 'AAAA',
      },
      clientExtensionResults: {},
    });
    const reply = await scriptPost(browser, '/auth/passkeys/login/verify', '/auth/login', {
      credential: forged,
    });
    expect(reply.status).toBe(401);
    expect(jsonOf(reply)).toMatchObject({ error: 'passkey_refused' });
    expect(await isLoggedIn(browser)).toBe(false);
    // The challenge was used by that attempt: a second one finds none.
    const again = await scriptPost(browser, '/auth/passkeys/login/verify', '/auth/login', {
      credential: forged,
    });
    expect(again.status).toBe(401);
    expect((jsonOf(again) as { message: string }).message).toMatch(/expired|used/);
  });

  it('malformed answers (no credential, not JSON, a registration without a challenge) get a 4xx', async () => {
    const { browser } = await signUp(app, { label: 'pkbad' });
    for (const credential of ['', '{', 'null', '[]', '"x"']) {
      const reply = await scriptPost(browser, '/auth/passkeys/login/verify', '/auth/login', {
        credential,
      });
      expectClientError(reply, credential);
    }
    const register = await scriptPost(browser, '/auth/passkeys/register/verify', '/auth/passkeys', {
      credential: '{"id":"x"}',
      name: 'Laptop',
    });
    expect(register.status).toBe(400);
    expect(jsonOf(register)).toMatchObject({ error: 'passkey_refused' });
    expect(jsonOf(await browser.get('/auth/passkeys', JSON_CLIENT))).toEqual({ passkeys: [] });
  });

  it('deleting a passkey the account does not have answers 404', async () => {
    const { browser } = await signUp(app, { label: 'pkdelete' });
    const token = await browser.csrfToken('/auth/logout', '/auth/passkeys');
    const reply = await browser.post('/auth/passkeys/not-a-passkey/delete', { csrf_token: token });
    expect(reply.status).toBe(404);
  });
});

describe('failed passkey sign-ins are throttled per client address', () => {
  it('100 failures from one address are answered 401; the 101st gets 429 with Retry-After, passwords too, until the window passes', async () => {
    // An app of its own: the address's count must start at zero.
    const own = await startTestApp();
    try {
      const who = await registerConfirmed(own, 'pkheld');
      const browser = own.browser();
      const token = await browser.csrfToken('/auth/login');
      const attempt = async () => {
        const options = await browser.post(
          '/auth/passkeys/login/options',
          { csrf_token: token },
          JSON_CLIENT,
        );
        expect(options.status).toBe(200);
        return browser.post(
          '/auth/passkeys/login/verify',
          { csrf_token: token, credential: FORGED },
          JSON_CLIENT,
        );
      };
      for (let failure = 1; failure <= 100; failure += 1) {
        const reply = await attempt();
        expect(reply.status, `failure ${failure}`).toBe(401);
      }
      const held = await attempt();
      expect(held.status).toBe(429);
      expect(jsonOf(held)).toMatchObject({ error: 'throttled' });
      const retryAfter = held.headers.get('retry-after') ?? '';
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60);
      expect(await isLoggedIn(browser)).toBe(false);
      // A page (not the script) gets the 429 and its Retry-After too.
      const page = await browser.post('/auth/passkeys/login/verify', {
        csrf_token: token,
        credential: FORGED,
      });
      expect(page.status).toBe(429);
      expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
      // One count per address: the right password from there is held as well.
      expect((await login(own.browser(), who)).status).toBe(429);
      own.clock.advance(15 * 60_000 + 1000);
      expect((await attempt()).status).toBe(401);
      expect((await login(own.browser(), who)).status).toBe(302);
    } finally {
      await own.close();
    }
  });
});
