/**
 * @module One browser walking through a guide's app over real HTTP: turned away,
 * the form, wrong passwords, login with remember-me, a restored login, an unsafe
 * `next`, logout. Every guide must give the same record.
 */
import { TestClient } from '../support/client.js';
import { isDeletion, setCookieNamed } from '../support/set-cookie.js';

/** The guides' user and password. */
export const GUIDE_LOGIN = { username: 'ada', password: 'correct horse battery' } as const;

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields) };
}

function cookieNames(lines: readonly string[]): string[] {
  return lines.map((line) => line.slice(0, line.indexOf('='))).sort();
}

/** Walks through the login against `base` (e.g. `http://127.0.0.1:3000`) and records what it saw. */
export async function walkThroughLogin(base: string) {
  const browser = new TestClient((path, init) =>
    fetch(base + path, { ...init, redirect: 'manual' }),
  );
  const anonymous = await browser.get('/', { accept: 'text/html' });
  const api = await browser.get('/', { accept: 'application/json' });
  const page = await browser.get(anonymous.headers.get('location') ?? '/login');
  const html = await page.text();
  const wrong = await browser.request('/login?next=%2F', form({ ...GUIDE_LOGIN, password: 'x' }));
  const unknown = await browser.request(
    '/login?next=%2F',
    form({ ...GUIDE_LOGIN, username: 'eve' }),
  );
  const login = await browser.request('/login?next=%2F', form({ ...GUIDE_LOGIN, remember: 'on' }));
  const loginCookies = cookieNames(browser.lastSetCookies);
  const home = await browser.get('/');
  const homeText = await home.text();
  browser.closeBrowser();
  const restored = await browser.get('/');
  const restoredText = await restored.text();
  const restoredSession = setCookieNamed(browser.lastSetCookies, 'session') !== undefined;
  const evil = await new TestClient((path, init) =>
    fetch(base + path, { ...init, redirect: 'manual' }),
  ).request('/login?next=%2F%2Fevil.test', form(GUIDE_LOGIN));
  const logout = await browser.request('/logout', { method: 'POST' });
  const expired = ['session', 'remember_token'].filter((name) =>
    isDeletion(setCookieNamed(browser.lastSetCookies, name)),
  );
  const after = await browser.get('/', { accept: 'text/html' });
  return {
    anonymous: { status: anonymous.status, location: anonymous.headers.get('location') },
    api: { status: api.status, body: await api.json() },
    form: {
      status: page.status,
      fields: ['username', 'password', 'remember'].filter((name) =>
        html.includes(`name="${name}"`),
      ),
    },
    wrongPassword: wrong.status,
    unknownUser: unknown.status,
    login: { status: login.status, location: login.headers.get('location'), cookies: loginCookies },
    home: { status: home.status, text: homeText },
    restored: { status: restored.status, text: restoredText, newSession: restoredSession },
    unsafeNext: { status: evil.status, location: evil.headers.get('location') },
    logout: { status: logout.status, location: logout.headers.get('location'), expired },
    afterLogout: { status: after.status, location: after.headers.get('location') },
  };
}

/** What every guide's app must show. */
export const EXPECTED_WALK = {
  anonymous: { status: 302, location: '/login?next=%2F' },
  api: { status: 401, body: { error: 'login_required' } },
  form: { status: 200, fields: ['username', 'password', 'remember'] },
  wrongPassword: 401,
  unknownUser: 401,
  login: { status: 302, location: '/', cookies: ['remember_token', 'session'] },
  home: { status: 200, text: 'Hello, ada' },
  restored: { status: 200, text: 'Hello, ada', newSession: true },
  unsafeNext: { status: 302, location: '/' },
  logout: { status: 302, location: '/login', expired: ['session', 'remember_token'] },
  afterLogout: { status: 302, location: '/login?next=%2F' },
};
