/**
 * Bad input gets a 4xx (or an anonymous answer), never a 5xx and never a crash: oversized
 * bodies and fields, malformed cookies, bad encodings, repeated fields, `__proto__` keys,
 * and a small seeded fuzz over every POST route.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from './support/browser.js';
import { expectClientError, isLoggedIn, SESSION_COOKIE } from './support/checks.js';
import { login, registerConfirmed, signUp } from './support/flows.js';
import { rawRequest } from './support/raw-http.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

/** POSTs a raw urlencoded body with a valid token and the browser's cookies. */
async function postRaw(browser: Browser, path: string, body: string | Buffer, token: string) {
  const tokenPart = Buffer.from(`csrf_token=${encodeURIComponent(token)}&`);
  return rawRequest(app.url, {
    method: 'POST',
    path,
    headers: [
      ['cookie', browser.cookieHeader()],
      ['content-type', 'application/x-www-form-urlencoded'],
    ],
    body: Buffer.concat([tokenPart, Buffer.from(body)]),
  });
}

describe('oversized input', () => {
  it('a form body over 64 KiB gets 413', async () => {
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/login');
    for (const path of ['/auth/login', '/auth/register', '/auth/reset']) {
      const reply = await postRaw(browser, path, `email=${'a'.repeat(64 * 1024)}`, token);
      expect(reply.status, path).toBe(413);
    }
  });

  it('a chunked body over 64 KiB without Content-Length gets 413', async () => {
    const chunk = `${(64 * 1024 + 10).toString(16)}\r\nemail=${'b'.repeat(64 * 1024 + 4)}\r\n0\r\n\r\n`;
    const reply = await rawRequest(app.url, {
      method: 'POST',
      path: '/auth/login',
      headers: [
        ['content-type', 'application/x-www-form-urlencoded'],
        ['transfer-encoding', 'chunked'],
      ],
      body: chunk,
    });
    expect(reply.status).toBe(413);
  });

  it('a login email over 254 characters gets 400/422', async () => {
    const reply = await login(app.browser(), {
      email: `${'a'.repeat(300)}@example.test`,
      password: 'whatever password here',
    });
    expect([400, 422]).toContain(reply.status);
  });

  it('a login password over 1024 bytes gets 400/422', async () => {
    const reply = await login(app.browser(), {
      email: 'someone@example.test',
      password: 'p'.repeat(5000),
    });
    expect([400, 422]).toContain(reply.status);
  });

  it('a form POST with another Content-Type gets 415', async () => {
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/login');
    const reply = await browser.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.test', password: 'x', csrf_token: token }),
    });
    expect(reply.status).toBe(415);
  });
});

describe('malformed cookies', () => {
  it('bad percent-encodings and garbage values leave the visitor anonymous', async () => {
    for (const value of ['%E0%A4%A', '%%%', '%00', '"unterminated', 'a;b', 'x'.repeat(3000)]) {
      const browser = app.browser();
      browser.setCookie(SESSION_COOKIE, value);
      browser.setCookie('remember_token', value, true);
      expect((await browser.get('/')).status, value).toBe(200);
      expect(await isLoggedIn(browser), value).toBe(false);
    }
  });

  it('raw non-UTF-8 bytes, control characters and a huge Cookie header never give 5xx', async () => {
    const cookies: Buffer[] = [
      Buffer.from([0x73, 0x65, 0x73, 0x73, 0x69, 0x6f, 0x6e, 0x3d, 0xff, 0xfe, 0x80, 0xc3]),
      Buffer.from('session=a\x01b; remember_token=\x7f'),
      Buffer.from(`session=${'z'.repeat(12_000)}`),
      Buffer.from(Array.from({ length: 500 }, (_, i) => `c${i}=v${i}`).join('; ')),
      Buffer.from('=;;=; session; ==='),
      Buffer.from(`${'x'.repeat(40_000)}=y`),
    ];
    for (const cookie of cookies) {
      for (const path of ['/', '/profile', '/auth/login']) {
        const reply = await rawRequest(app.url, { path, headers: [['cookie', cookie]] });
        const what = `${path} ${cookie.subarray(0, 30).toString('latin1')}`;
        expect(reply.status, what).toBeLessThan(500);
        // A login-only page never opens for such a cookie: it sends to login or refuses.
        if (path === '/profile')
          expect(reply.status === 302 || reply.status >= 400, what).toBe(true);
      }
    }
  });

  it('a malformed cookie next to a good session keeps the user logged in or anonymous, never 5xx', async () => {
    const { browser } = await signUp(app, { label: 'mixedcookie' });
    const reply = await rawRequest(app.url, {
      path: '/profile',
      headers: [['cookie', `${browser.cookieHeader()}; junk=%E0%A4%A; remember_token=%%`]],
    });
    expect([200, 302]).toContain(reply.status);
  });
});

describe('bad encodings', () => {
  it('bad percent-encodings in paths and queries get 4xx or a normal page', async () => {
    // Bad escapes inside a link token can only be a bad link.
    for (const path of ['/auth/confirm/%E0%A4%A', '/auth/reset/%ZZ', '/auth/change-email/%']) {
      expectClientError(await rawRequest(app.url, { path }), path);
    }
    for (const path of [
      '/%ff',
      '/auth/login?next=%E0%A4%A',
      '/auth/login?next=%',
      '/profile?x=%C0%AF',
    ]) {
      expect((await rawRequest(app.url, { path })).status, path).toBeLessThan(500);
    }
  });

  it('raw bytes in the request path never give 5xx', async () => {
    const reply = await rawRequest(app.url, {
      path: Buffer.from([0x2f, 0x61, 0x75, 0x74, 0x68, 0x2f, 0xff, 0xfe]),
    });
    expect(reply.status).toBeLessThan(500);
  });

  it('invalid UTF-8 in a form body gets 4xx', async () => {
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/login');
    const escaped = await postRaw(browser, '/auth/login', 'email=%FF%FE%FD&password=%C3%28', token);
    expectClientError(escaped, 'escaped bytes');
    const raw = await postRaw(
      browser,
      '/auth/register',
      Buffer.concat([Buffer.from('email=a%40b.test&username='), Buffer.from([0xff, 0xfe])]),
      token,
    );
    expectClientError(raw, 'raw bytes');
    const badEscape = await postRaw(browser, '/auth/reset', 'email=%E0%A4%A', token);
    expectClientError(badEscape, 'bad escape');
  });
});

describe('odd form shapes', () => {
  it('a repeated field gets 400/422 and logs no one in', async () => {
    const who = await registerConfirmed(app, 'repeat');
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/login');
    const reply = await browser.post('/auth/login', {
      email: [who.email, 'other@example.test'],
      password: who.password,
      csrf_token: token,
    });
    expect([400, 422]).toContain(reply.status);
    const twice = await browser.post('/auth/login', {
      email: who.email,
      password: [who.password, who.password],
      csrf_token: token,
    });
    expect([400, 422]).toContain(twice.status);
    expect(await isLoggedIn(browser)).toBe(false);
  });

  it('a repeated csrf_token gets 4xx and changes nothing', async () => {
    const { browser } = await signUp(app, { label: 'repeattoken' });
    const token = await browser.csrfToken('/auth/logout', '/profile');
    const reply = await browser.post('/auth/logout', { csrf_token: [token, token] });
    expectClientError(reply, 'repeated token');
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('__proto__, constructor and prototype keys get 4xx or are ignored, never 5xx', async () => {
    const who = await registerConfirmed(app, 'proto');
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/login');
    const bodies = [
      `__proto__=x&email=${encodeURIComponent(who.email)}&password=wrong-but-long-enough`,
      '__proto__[admin]=1&constructor[prototype][admin]=1&email=a%40b.test&password=x',
      'constructor=1&prototype=2&toString=3&hasOwnProperty=4&email=a%40b.test&password=x',
    ];
    for (const body of bodies) {
      const reply = await postRaw(browser, '/auth/login', body, token);
      expectClientError(reply, body);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('missing fields get 4xx', async () => {
    const browser = app.browser();
    for (const path of ['/auth/login', '/auth/register', '/auth/reset']) {
      const reply = await browser.submit(path, {});
      expectClientError(reply, path);
    }
  });
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('seeded fuzz over the POST routes', () => {
  it('no POST route answers 5xx to random fields, values and encodings (seed 20261121)', async () => {
    const random = prng(20_261_121);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const { who, browser } = await signUp(app, { label: 'fuzz' });
    const token = await browser.csrfToken('/auth/logout', '/profile');
    const routes = [
      '/auth/register',
      '/auth/login',
      '/auth/reauthenticate',
      '/auth/change-password',
      '/auth/reset',
      `/auth/reset/${'A'.repeat(22)}.${'B'.repeat(43)}`,
      '/auth/change-email',
      '/auth/confirm/resend',
      '/auth/sessions/revoke-others',
      '/auth/tokens',
      `/auth/tokens/${'A'.repeat(22)}/revoke`,
      '/admin/users/x/disable',
    ];
    const names = [
      'email',
      'username',
      'password',
      'password2',
      'old_password',
      'remember_me',
      'next',
      'name',
      'scope',
      'expires_days',
      '__proto__',
      'constructor',
      '',
      'e%mail',
      'a[b]',
    ];
    const values = [
      '',
      who.email.toUpperCase(),
      'x',
      'a@b',
      '%',
      '%E0%A4%A',
      '%FF%FE',
      '%00',
      '\u0000\u0001',
      '🔒'.repeat(300),
      'é'.repeat(600),
      'y'.repeat(2000),
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      'null',
      'undefined',
      '[object Object]',
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 120; i++) {
      const route = pick(routes);
      const parts: string[] = [];
      const fieldCount = Math.floor(random() * 6);
      for (let f = 0; f < fieldCount; f++) {
        const value = pick(values);
        // Half the values go raw (their % sequences reach the decoder), half escaped.
        const encoded = random() < 0.5 ? value : encodeURIComponent(value);
        parts.push(`${encodeURIComponent(pick(names))}=${encoded}`);
      }
      if (random() < 0.3) parts.push(`csrf_token=${pick(['', 'x', token])}`);
      const body = parts.join('&');
      const reply =
        random() < 0.85
          ? await postRaw(browser, route, body, token)
          : await rawRequest(app.url, {
              method: 'POST',
              path: route,
              headers: [['content-type', 'application/x-www-form-urlencoded']],
              body,
            });
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      expect(reply.status, `#${i} ${route} ${body.slice(0, 200)}`).toBeLessThan(500);
    }
    expect(statuses.size).toBeGreaterThan(1);
    expect((await app.browser().get('/healthz')).status).toBe(200);
  });
});
