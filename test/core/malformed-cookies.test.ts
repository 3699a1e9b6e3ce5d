import { describe, expect, it } from 'vitest';
import { isAnonymous } from '../../src/core/user.js';
import { createHarness, type Harness } from '../support/harness.js';

const ANONYMOUS = { name: null, fresh: false, remembered: false, source: null };

/** A logged-in session cookie value for Notch. */
async function validSession(h: Harness): Promise<string> {
  const client = h.client();
  await client.get('/login/1');
  return client.cookies.get('session')?.value ?? '';
}

/** Cookie headers an attacker (or a broken client) may send; none may cause a 5xx. */
const HOSTILE: ReadonlyArray<readonly [label: string, header: string]> = [
  ['bad percent-encoding', 'session=%E0%A4%A; remember_token=%'],
  ['an empty session value', 'session='],
  ['a 10 KB session value', `session=${'a'.repeat(10_240)}`],
  ['remember_token=%zz', 'remember_token=%zz'],
  ['remember_token=a.b', 'remember_token=a.b'],
  [
    'a right-shaped remember token with an unknown selector',
    `remember_token=${'x'.repeat(22)}.${'y'.repeat(43)}`,
  ],
  ['__proto__=1', '__proto__=1; constructor=2; toString=3'],
  ['200 cookies', Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join('; ')],
  ['a header over 16 KB', `filler=${'f'.repeat(20_000)}; session=${'s'.repeat(43)}`],
  ['quotes and stray separators', 'session="; ;;=; =x; remember_token="'],
  // A Node server decodes raw header bytes as Latin-1: UTF-8 "佐藤" arrives as these characters.
  [
    'non-Latin-1 bytes (UTF-8 read as Latin-1)',
    `session=${Buffer.from('佐藤').toString('latin1')}`,
  ],
  ['high Latin-1 bytes in the name', `\u00ff\u00fe=1; session=\u00e9`],
];

describe('malformed cookies never cause a 5xx', () => {
  it.each(HOSTILE)(
    '%s: /whoami answers 200 anonymous and /secret answers 401',
    async (_label, header) => {
      const h = createHarness();
      const whoami = await h.app.request('/whoami', { headers: { cookie: header } });
      expect(whoami.status).toBe(200);
      expect(await whoami.json()).toEqual(ANONYMOUS);
      const secret = await h.app.request('/secret', { headers: { cookie: header } });
      expect(secret.status).toBe(401);
    },
  );

  it.each(HOSTILE)('%s: /secret with a login view answers 302', async (_label, header) => {
    const h = createHarness({ loginView: '/login' });
    const secret = await h.app.request('/secret', { headers: { cookie: header } });
    expect(secret.status).toBe(302);
    expect(secret.headers.get('location')).toBe('/login?next=%2Fsecret');
  });

  it('a duplicated session cookie: the first wins (a valid one first → logged in)', async () => {
    const h = createHarness();
    const valid = await validSession(h);
    const first = await h.app.request('/whoami', {
      headers: { cookie: `session=${valid}; session=garbage` },
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ name: 'Notch' });
    const second = await h.app.request('/whoami', {
      headers: { cookie: `session=garbage; session=${valid}` },
    });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(ANONYMOUS);
  });

  it('a valid session among 200 other cookies and a __proto__ cookie still logs in', async () => {
    const h = createHarness();
    const valid = await validSession(h);
    const noise = Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join('; ');
    const response = await h.app.request('/whoami', {
      headers: { cookie: `__proto__=1; ${noise}; session=${valid}` },
    });
    expect(await response.json()).toMatchObject({ name: 'Notch' });
  });

  it('a valid session next to a broken remember cookie stays logged in', async () => {
    const h = createHarness();
    const valid = await validSession(h);
    const response = await h.app.request('/whoami', {
      headers: { cookie: `remember_token=%zz; session=${valid}` },
    });
    expect(await response.json()).toMatchObject({ name: 'Notch', source: 'session' });
  });

  // A Fetch `Request` cannot carry these bytes at all, so the core is fed the header directly,
  // as an adapter over a raw Node request would.
  it.each([
    ['a NUL byte', 'session=abc\u0000def; remember_token=\u0000'],
    ['code points above Latin-1', 'session=佐藤; remember_token=佐藤.藤'],
    ['a lone surrogate', 'session=\ud800'],
  ])(
    '%s reaching the core directly leaves the request anonymous without throwing',
    async (_label, header) => {
      const h = createHarness();
      const auth = h.manager.begin({
        method: 'GET',
        url: 'http://latchkey.test/secret',
        header: (name) => (name.toLowerCase() === 'cookie' ? header : null),
        remoteAddress: null,
      });
      expect(isAnonymous(await auth.user())).toBe(true);
      expect(await auth.check()).toMatchObject({ action: 'deny', status: 401 });
      expect(() => auth.setCookieHeaders()).not.toThrow();
    },
  );
});
