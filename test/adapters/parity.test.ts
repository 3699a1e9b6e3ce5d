/**
 * One table of cases, run against every adapter with identical expectations: Hono
 * through `app.request()`, Express behind a real server on 127.0.0.1 (port 0) and
 * fetch, Fastify through `inject()`.
 */
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.js';
import { isDeletion, setCookieNamed, setCookiesNamed } from '../support/set-cookie.js';
import type { TestUser } from '../support/users.js';
import { mountExpress } from './parity/express-app.js';
import { mountFastify } from './parity/fastify-app.js';
import { mountHono } from './parity/hono-app.js';
import {
  type Mount,
  type ParityApp,
  type ParityOptions,
  startParityApp,
} from './parity/parity-app.js';

const FRAMEWORKS: ReadonlyArray<{ readonly framework: string; readonly mount: Mount }> = [
  { framework: 'Hono', mount: mountHono },
  { framework: 'Express', mount: mountExpress },
  { framework: 'Fastify', mount: mountFastify },
];

const ANONYMOUS = { name: null, fresh: false, remembered: false, source: null };
const JSON_CLIENT = { accept: 'application/json' };
const FIREFOX = { 'user-agent': 'Firefox/120' };
const CHROME = { 'user-agent': 'Chrome/120' };

interface ParityCase {
  readonly name: string;
  readonly options?: ParityOptions;
  run(app: ParityApp): Promise<void>;
}

async function loggedIn(
  app: ParityApp,
  query = '',
  headers: Record<string, string> = {},
  id = '1',
) {
  const client = app.client(headers);
  expect((await client.get(`/login/${id}${query}`)).status).toBe(200);
  return client;
}

function notchOf(app: ParityApp): TestUser {
  const user = app.users.get('1');
  if (!user) throw new Error('Notch is missing from the user table');
  return user;
}

async function expectDenied(client: TestClient, path: string, error: string, status = 401) {
  const response = await client.get(path, JSON_CLIENT);
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ error });
}

/** Cookie headers an attacker or a broken client may send; none may cause a 5xx. */
const HOSTILE: ReadonlyArray<readonly [label: string, header: string]> = [
  ['bad percent-encoding', 'session=%E0%A4%A; remember_token=%'],
  ['an empty session value', 'session='],
  ['a 10 KB session value', `session=${'a'.repeat(10_240)}`],
  ['a header over 16 KB', `filler=${'f'.repeat(20_000)}; session=${'s'.repeat(43)}`],
  [
    'a right-shaped remember token nobody issued',
    `remember_token=${'x'.repeat(22)}.${'y'.repeat(43)}`,
  ],
  ['__proto__ and friends', '__proto__=1; constructor=2; toString=3'],
  ['quotes and stray separators', 'session="; ;;=; =x; remember_token="'],
  ['high Latin-1 bytes', '\u00ff\u00fe=1; session=\u00e9'],
];

const CASES: readonly ParityCase[] = [
  {
    name: 'anonymous: /whoami answers the anonymous state and sets no cookie',
    async run(app) {
      const client = app.client();
      const response = await client.get('/whoami');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(ANONYMOUS);
      expect(client.lastSetCookies).toEqual([]);
      expect(response.headers.get('cache-control')).not.toBe('no-store');
    },
  },
  {
    name: 'anonymous: a guarded route answers 401 JSON when there is no login view',
    async run(app) {
      const response = await app.client().get('/secret');
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'login_required' });
    },
  },
  {
    name: 'login: one HttpOnly session cookie, no-store, then the guarded route lets the user in',
    async run(app) {
      const client = app.client();
      const login = await client.get('/login/1');
      expect(await login.json()).toEqual({ ok: true });
      expect(login.headers.get('cache-control')).toBe('no-store');
      const session = setCookieNamed(client.lastSetCookies, 'session');
      expect(session?.value).toMatch(/^[\w-]{43}$/);
      expect(session?.attributes).toEqual({ path: '/', httponly: '', samesite: 'Lax' });
      const secret = await client.get('/secret');
      expect(secret.status).toBe(200);
      expect(await secret.text()).toBe('secret for Notch');
      expect(await (await client.get('/whoami')).json()).toEqual({
        name: 'Notch',
        fresh: true,
        remembered: false,
        source: 'session',
      });
    },
  },
  {
    name: 'login: login, logout and login again in one handler write each cookie once',
    async run(app) {
      const client = app.client();
      expect(await (await client.get('/flip')).text()).toBe('flipped');
      expect(setCookiesNamed(client.lastSetCookies, 'session')).toHaveLength(1);
      expect(setCookiesNamed(client.lastSetCookies, 'remember_token')).toHaveLength(1);
      expect(isDeletion(setCookieNamed(client.lastSetCookies, 'remember_token'))).toBe(true);
      expect(await (await client.get('/whoami')).json()).toMatchObject({ name: 'Steve' });
    },
  },
  {
    name: 'login: cookies ride on a streamed body and on the framework’s own redirect',
    async run(app) {
      const streamed = app.client();
      const response = await streamed.get('/stream');
      expect(await response.text()).toBe('one,two');
      expect(setCookieNamed(streamed.lastSetCookies, 'session')).toBeDefined();
      expect(response.headers.get('cache-control')).toBe('no-store');
      const redirected = app.client();
      const go = await redirected.get('/go');
      expect(go.status).toBe(302);
      expect(go.headers.get('location')).toBe('/whoami');
      expect(setCookieNamed(redirected.lastSetCookies, 'session')).toBeDefined();
      expect(await (await redirected.get('/whoami')).json()).toMatchObject({ name: 'Notch' });
    },
  },
  {
    name: 'remember-me: a closed browser is restored from the cookie, logged in but not fresh',
    async run(app) {
      const client = await loggedIn(app, '?remember=1');
      const first = setCookieNamed(client.lastSetCookies, 'remember_token');
      expect(first?.value).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
      client.closeBrowser();
      expect(client.cookies.has('session')).toBe(false);
      const restored = await client.get('/whoami');
      expect(await restored.json()).toEqual({
        name: 'Notch',
        fresh: false,
        remembered: true,
        source: 'remember',
      });
      expect(setCookieNamed(client.lastSetCookies, 'session')).toBeDefined();
      expect(setCookieNamed(client.lastSetCookies, 'remember_token')?.value).not.toBe(first?.value);
      await expectDenied(client, '/sudo', 'reauthentication_required');
      expect((await client.get('/secret')).status).toBe(200);
    },
  },
  {
    name: 'fresh guard: a fresh login passes, a non-fresh one gets 401 until confirmed',
    async run(app) {
      const fresh = await loggedIn(app);
      expect(await (await fresh.get('/sudo')).text()).toBe('sudo');
      const stale = await loggedIn(app, '?fresh=0');
      await expectDenied(stale, '/sudo', 'reauthentication_required');
      expect(await (await stale.get('/confirm')).text()).toBe('confirmed');
      expect((await stale.get('/sudo')).status).toBe(200);
    },
  },
  {
    name: 'fresh guard: a fresh login stays fresh as time passes; a stale one goes to the refresh view',
    options: { manager: { refreshView: '/reauth' } },
    async run(app) {
      const fresh = await loggedIn(app);
      app.clock.advance(60 * 60_000);
      expect((await fresh.get('/sudo')).status).toBe(200);
      const stale = await loggedIn(app, '?fresh=0');
      const response = await stale.get('/sudo?x=1');
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/reauth?next=%2Fsudo%3Fx%3D1');
    },
  },
  {
    name: 'logout: both cookies expire, no-store, and the old session cookie no longer works',
    async run(app) {
      const client = await loggedIn(app, '?remember=1');
      const stolen = client.cookieHeader();
      const logout = await client.get('/logout');
      expect(await logout.text()).toBe('bye');
      expect(logout.headers.get('cache-control')).toBe('no-store');
      expect(isDeletion(setCookieNamed(client.lastSetCookies, 'session'))).toBe(true);
      expect(isDeletion(setCookieNamed(client.lastSetCookies, 'remember_token'))).toBe(true);
      await expectDenied(client, '/secret', 'login_required');
      await expectDenied(app.client({ cookie: stolen }), '/secret', 'login_required');
    },
  },
  {
    name: 'JSON 401: a JSON client gets 401 {"error":"login_required"} even with a login view',
    options: { manager: { loginView: '/login' } },
    async run(app) {
      await expectDenied(app.client(), '/secret', 'login_required');
      const browser = await app.client().get('/secret');
      expect(browser.status).toBe(302);
    },
  },
  {
    name: 'redirects: the login view gets a percent-encoded next and a flash cookie',
    options: { manager: { loginView: '/login?lang=en' } },
    async run(app) {
      const client = app.client();
      const response = await client.get('/secret?q=caf%C3%A9&n=a%20b&x=1');
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(
        '/login?lang=en&next=%2Fsecret%3Fq%3Dcaf%25C3%25A9%26n%3Da%2520b%26x%3D1',
      );
      expect(setCookieNamed(client.lastSetCookies, 'flash')).toBeDefined();
      expect(response.headers.get('cache-control')).toBe('no-store');
    },
  },
  {
    name: 'permissions: authorize refuses a logged-in user with 403; anonymous still gets 401',
    async run(app) {
      expect(await (await (await loggedIn(app)).get('/admin')).text()).toBe('admin');
      const steve = app.client();
      await steve.get('/login/2');
      await expectDenied(steve, '/admin', 'forbidden', 403);
      await expectDenied(app.client(), '/admin', 'login_required');
    },
  },
  {
    name: 'roles: roleRequired lets an admin in; a user gets 403 forbidden; anonymous the login redirect',
    options: { manager: { loginView: '/login' } },
    async run(app) {
      expect(await (await (await loggedIn(app)).get('/role')).text()).toBe('role');
      const steve = await loggedIn(app, '', {}, '2');
      await expectDenied(steve, '/role', 'forbidden', 403);
      const page = await steve.get('/role');
      expect(page.status).toBe(403);
      const anonymous = await app.client().get('/role?x=1');
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get('location')).toBe('/login?next=%2Frole%3Fx%3D1');
      await expectDenied(app.client(), '/role', 'login_required');
    },
  },
  {
    name: 'permissions: permissionRequired lets in the roles that grant it, 403 for the others',
    async run(app) {
      expect(await (await (await loggedIn(app)).get('/perm')).text()).toBe('perm');
      await expectDenied(await loggedIn(app, '', {}, '2'), '/perm', 'forbidden', 403);
      await expectDenied(app.client(), '/perm', 'login_required');
    },
  },
  {
    name: 'roles: a role taken away counts on the very next request once the user is invalidated',
    async run(app) {
      const client = await loggedIn(app);
      expect((await client.get('/perm')).status).toBe(200);
      app.users.set('1', { ...notchOf(app), role: 'user' });
      await app.manager.invalidateUser('1');
      await expectDenied(client, '/perm', 'forbidden', 403);
      await expectDenied(client, '/role', 'forbidden', 403);
      expect((await client.get('/secret')).status).toBe(200);
    },
  },
  {
    name: 'roles: a stale login without the role gets 403 at once, a stale admin is asked to reauthenticate',
    async run(app) {
      await expectDenied(await loggedIn(app, '?fresh=0', {}, '2'), '/role-fresh', 'forbidden', 403);
      const admin = await loggedIn(app, '?fresh=0');
      await expectDenied(admin, '/role-fresh', 'reauthentication_required');
      expect(await (await admin.get('/confirm')).text()).toBe('confirmed');
      expect(await (await admin.get('/role-fresh')).text()).toBe('role');
    },
  },
  {
    name: 'custom handlers: a guard’s own onUnauthorized answers, and the middleware’s onForbidden',
    options: { customForbidden: true },
    async run(app) {
      const anonymous = await app.client().get('/custom');
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).toBe('custom login_required');
      expect(await (await (await loggedIn(app)).get('/custom')).text()).toBe('custom ok');
      const steve = app.client();
      await steve.get('/login/2');
      const forbidden = await steve.get('/admin');
      expect(forbidden.status).toBe(403);
      expect(await forbidden.text()).toBe('custom forbidden');
    },
  },
  {
    name: 'protection basic: another user agent keeps the user but makes the login non-fresh',
    options: { manager: { protection: 'basic' } },
    async run(app) {
      const client = await loggedIn(app, '', FIREFOX);
      expect(await (await client.get('/whoami')).json()).toMatchObject({ fresh: true });
      expect(await (await client.get('/whoami', CHROME)).json()).toMatchObject({
        name: 'Notch',
        fresh: false,
      });
    },
  },
  {
    name: 'protection strong: another user agent ends the login and expires the cookie',
    options: { manager: { protection: 'strong' } },
    async run(app) {
      const client = await loggedIn(app, '', FIREFOX);
      const stolen = client.cookieHeader();
      expect((await client.get('/secret')).status).toBe(200);
      const moved = await client.get('/whoami', CHROME);
      expect(await moved.json()).toEqual(ANONYMOUS);
      expect(isDeletion(setCookieNamed(client.lastSetCookies, 'session'))).toBe(true);
      // The session itself ended: the original browser cannot take it back.
      await expectDenied(app.client({ ...FIREFOX, cookie: stolen }), '/secret', 'login_required');
    },
  },
  {
    name: 'revocation: ending a user’s sessions turns the next request away at once',
    async run(app) {
      const client = await loggedIn(app);
      const other = await loggedIn(app);
      expect((await client.get('/secret')).status).toBe(200);
      expect(await app.manager.revokeUserSessions('1')).toBe(2);
      await expectDenied(client, '/secret', 'login_required');
      await expectDenied(other, '/secret', 'login_required');
    },
  },
  {
    name: 'revocation: ending one session by id leaves the user’s other session alone',
    async run(app) {
      const first = await loggedIn(app, '', FIREFOX);
      const second = await loggedIn(app, '', CHROME);
      const sessions = await app.manager.listSessions('1');
      const firefox = sessions.find((session) => session.userAgent === 'Firefox/120');
      expect(firefox).toBeDefined();
      await app.manager.revokeSession(firefox?.id ?? '');
      await expectDenied(first, '/secret', 'login_required');
      expect((await second.get('/secret')).status).toBe(200);
    },
  },
  ...HOSTILE.map(
    ([label, header]): ParityCase => ({
      name: `malformed cookies (${label}): anonymous 200, guarded 401, never a 5xx`,
      async run(app) {
        const whoami = await app.client().get('/whoami', { cookie: header });
        expect(whoami.status).toBe(200);
        expect(await whoami.json()).toEqual(ANONYMOUS);
        const secret = await app.client().get('/secret', { cookie: header });
        expect(secret.status).toBe(401);
      },
    }),
  ),
];

for (const { framework, mount } of FRAMEWORKS) {
  describe(`${framework} adapter`, () => {
    for (const { name, options, run } of CASES) {
      it(name, async () => {
        const app = await startParityApp(mount, options);
        try {
          await run(app);
        } finally {
          await app.close();
        }
      });
    }
  });
}
