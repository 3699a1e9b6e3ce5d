import { describe, expect, it } from 'vitest';
import { LoginManager } from '../../src/core/manager.js';
import { LatchkeyError } from '../../src/errors.js';
import type { Stores } from '../../src/stores/types.js';
import { memoryStores } from '../../src/testing/index.js';
import type { TestClient } from '../support/client.js';
import { createHarness } from '../support/harness.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const SITE = 'http://localhost';

function csrfHarness(trustedOrigins?: string[], stores?: Stores) {
  return createHarness(
    {
      csrf: { secret: SECRET, ...(trustedOrigins ? { trustedOrigins } : {}) },
      ...(stores ? { stores } : {}),
    },
    (app) => {
      app.get('/form', async (c) => c.text(await c.var.auth.csrfToken()));
      app.get('/two-forms', async (c) =>
        c.json([await c.var.auth.csrfToken(), await c.var.auth.csrfToken()]),
      );
      app.post('/form', async (c) => {
        const body = new URLSearchParams(await c.req.text());
        const verdict = await c.var.auth.verifyCsrf(body.get('csrf_token') ?? undefined);
        return verdict.ok ? c.text('changed') : c.json(verdict, 403);
      });
    },
  );
}

async function post(
  client: TestClient,
  token: string | null,
  headers: Record<string, string> = {},
) {
  const body = token === null ? '' : `csrf_token=${encodeURIComponent(token)}`;
  return client.request('/form', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

async function tokenOf(client: TestClient): Promise<string> {
  return (await client.get('/form')).text();
}

describe('CSRF tokens', () => {
  it('accepts the token an anonymous visitor was given, bound to a new csrf cookie', async () => {
    const h = csrfHarness();
    const browser = h.client();
    const token = await tokenOf(browser);
    expect(browser.cookies.get('csrf')?.attributes).toMatchObject({
      httponly: '',
      samesite: 'Lax',
    });
    expect((await post(browser, token)).status).toBe(200);
  });

  it('renders different bytes on every call that all verify', async () => {
    const h = csrfHarness();
    const browser = h.client();
    const [first, second] = (await (await browser.get('/two-forms')).json()) as string[];
    expect(first).not.toBe(second);
    expect((await post(browser, first ?? '')).status).toBe(200);
    expect((await post(browser, second ?? '')).status).toBe(200);
  });

  it('refuses a token from another anonymous browser', async () => {
    const h = csrfHarness();
    const mine = h.client();
    await tokenOf(mine);
    const theirs = await tokenOf(h.client());
    const answer = await post(mine, theirs);
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({ ok: false, reason: 'bad_token' });
  });

  it('refuses a missing token, and a token without its binding cookie', async () => {
    const h = csrfHarness();
    const browser = h.client();
    const token = await tokenOf(browser);
    expect(await (await post(browser, null)).json()).toMatchObject({ reason: 'missing_token' });
    browser.cookies.delete('csrf');
    expect(await (await post(browser, token)).json()).toMatchObject({ reason: 'bad_token' });
  });

  it('keeps a logged-in token for the whole login, across a new session id, and not past logout', async () => {
    const h = csrfHarness();
    const browser = h.client();
    await browser.get('/login/1');
    const token = await tokenOf(browser);
    expect((await post(browser, token)).status).toBe(200);
    await browser.get('/confirm'); // reauthentication moves the session to a new id
    expect((await post(browser, token)).status).toBe(200);
    await browser.get('/logout');
    await browser.get('/login/1');
    expect((await post(browser, token)).status).toBe(403);
    expect((await post(browser, await tokenOf(browser))).status).toBe(200);
  });

  it('gives a session from before CSRF was turned on a secret when a form first needs one', async () => {
    const stores = memoryStores();
    const before = createHarness({ stores });
    const browser = before.client();
    await browser.get('/login/1');
    const after = csrfHarness(undefined, stores);
    const same = after.client();
    for (const [name, cookie] of browser.cookies) same.cookies.set(name, cookie);
    expect((await post(same, await tokenOf(same))).status).toBe(200);
    expect(((await (await same.get('/whoami')).json()) as { name: string }).name).toBe('Notch');
  });

  it('keeps the session secret out of the session data the app sees', async () => {
    const h = csrfHarness();
    const browser = h.client();
    await browser.get('/login/1');
    await tokenOf(browser);
    const [session] = await h.manager.listSessions('1');
    expect(session?.data).toEqual({});
  });

  it('refuses a token from another session of the same user', async () => {
    const h = csrfHarness();
    const laptop = h.client();
    const phone = h.client();
    await laptop.get('/login/1');
    await phone.get('/login/1');
    expect((await post(laptop, await tokenOf(phone))).status).toBe(403);
  });

  it('refuses the pre-login anonymous token once logged in', async () => {
    const h = csrfHarness();
    const browser = h.client();
    const anonymous = await tokenOf(browser);
    await browser.get('/login/1');
    expect((await post(browser, anonymous)).status).toBe(403);
  });

  it('refuses garbage tokens without throwing', async () => {
    const h = csrfHarness();
    const browser = h.client();
    await tokenOf(browser);
    for (const junk of ['x', '%%%', 'A'.repeat(86), 'A'.repeat(5000), '\u0000\uffff']) {
      expect((await post(browser, junk)).status).toBe(403);
    }
  });
});

describe('CSRF origin checks', () => {
  it('refuses Sec-Fetch-Site: cross-site even with a good token', async () => {
    const h = csrfHarness();
    const browser = h.client();
    const token = await tokenOf(browser);
    const answer = await post(browser, token, { 'sec-fetch-site': 'cross-site' });
    expect(await answer.json()).toEqual({ ok: false, reason: 'cross_site' });
  });

  it('refuses a foreign Origin and Origin null, accepts its own', async () => {
    const h = csrfHarness([SITE]);
    const browser = h.client();
    const token = await tokenOf(browser);
    const foreign = await post(browser, token, { origin: 'https://evil.example' });
    expect(await foreign.json()).toEqual({ ok: false, reason: 'bad_origin' });
    expect((await post(browser, token, { origin: 'null' })).status).toBe(403);
    expect((await post(browser, token, { origin: SITE })).status).toBe(200);
    expect((await post(browser, token, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it("defaults the trusted origin to the request URL's own", async () => {
    const h = csrfHarness();
    const browser = h.client();
    const token = await tokenOf(browser);
    expect((await post(browser, token, { origin: SITE })).status).toBe(200);
    expect((await post(browser, token, { origin: 'http://localhost:8080' })).status).toBe(403);
  });
});

describe('CSRF configuration', () => {
  it('refuses a short secret and a bad origin when the manager is built', () => {
    const build = (csrf: { secret: string; trustedOrigins?: string[] }) =>
      new LoginManager({ userLoader: () => null, csrf });
    expect(() => build({ secret: 'short' })).toThrow(LatchkeyError);
    expect(() => build({ secret: SECRET, trustedOrigins: ['not a url'] })).toThrow(/bad origin/);
  });

  it('throws a clear error when csrfToken is used without the option', async () => {
    const h = createHarness({}, (app) => {
      app.get('/form', async (c) => c.text(await c.var.auth.csrfToken()));
    });
    h.app.onError((error, c) => c.text(error.message, 500));
    expect(await (await h.client().get('/form')).text()).toMatch(/csrf option/);
  });

  it('prefixes the binding cookie with __Host- over https', async () => {
    const h = createHarness({ csrf: { secret: SECRET }, cookie: { secure: true } }, (app) => {
      app.get('/form', async (c) => c.text(await c.var.auth.csrfToken()));
    });
    const browser = h.client();
    await browser.get('/form');
    expect([...browser.cookies.keys()]).toEqual(['__Host-csrf']);
  });
});
