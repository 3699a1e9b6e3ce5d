/**
 * @module One browser walking through a guide's app over real HTTP: turned away, the form
 * and its CSRF token, forged posts refused, wrong passwords, login with remember-me, a
 * restored login, an unsafe `next`, logout by form. Every guide must give the same record.
 */
import { TestClient } from '../support/client.js';
import { isDeletion, setCookieNamed } from '../support/set-cookie.js';

/** The guides' user and password. */
const GUIDE_LOGIN = { username: 'ada', password: 'correct horse battery' } as const;

const FOREIGN_ORIGIN = 'http://evil.test';

function newBrowser(base: string): TestClient {
  return new TestClient((path, init) => fetch(base + path, { ...init, redirect: 'manual' }));
}

/** A POST as a page of `origin` sends it (no body when `fields` is omitted). */
function post(origin: string, fields?: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { origin },
    ...(fields ? { body: new URLSearchParams(fields) } : {}),
  };
}

/** The value of the page's hidden `csrf_token` input ('' when there is none). */
function csrfTokenIn(html: string): string {
  const input = /<input[^>]*\bname="csrf_token"[^>]*>/.exec(html)?.[0] ?? '';
  return /\bvalue="([^"]*)"/.exec(input)?.[1] ?? '';
}

function inputNames(html: string): string[] {
  return [...html.matchAll(/<input[^>]*\bname="([^"]+)"/g)].map((match) => match[1] ?? '');
}

function cookieNames(lines: readonly string[]): string[] {
  return lines.map((line) => line.slice(0, line.indexOf('='))).sort();
}

/** Fetches the login form as `browser` and returns its CSRF token. */
async function loginFormToken(browser: TestClient): Promise<string> {
  return csrfTokenIn(await (await browser.get('/login')).text());
}

/** Sends a login POST with the right password; records its status and whether anyone got in. */
async function tryLogin(browser: TestClient, init: RequestInit) {
  const answer = await browser.request('/login?next=%2F', init);
  const sessionSet = setCookieNamed(browser.lastSetCookies, 'session') !== undefined;
  const home = await browser.get('/', { accept: 'text/html' });
  return { status: answer.status, loggedIn: sessionSet || home.status === 200 };
}

/** Login POSTs a forging site could make: no token, another browser's token, a foreign page. */
async function forgedLogins(base: string, browser: TestClient, token: string) {
  const other = newBrowser(base);
  await loginFormToken(other);
  return {
    noToken: await tryLogin(browser, post(base, GUIDE_LOGIN)),
    otherBrowsersToken: await tryLogin(other, post(base, { ...GUIDE_LOGIN, csrf_token: token })),
    foreignOrigin: await tryLogin(
      browser,
      post(FOREIGN_ORIGIN, { ...GUIDE_LOGIN, csrf_token: token }),
    ),
  };
}

/** Walks through the login against `base` (e.g. `http://127.0.0.1:3000`) and records what it saw. */
export async function walkThroughLogin(base: string) {
  const browser = newBrowser(base);
  const anonymous = await browser.get('/', { accept: 'text/html' });
  const api = await browser.get('/', { accept: 'application/json' });
  const page = await browser.get(anonymous.headers.get('location') ?? '/login');
  const html = await page.text();
  const token = csrfTokenIn(html);
  const forged = await forgedLogins(base, browser, token);
  const wrong = await browser.request(
    '/login?next=%2F',
    post(base, { ...GUIDE_LOGIN, password: 'x', csrf_token: token }),
  );
  // Each later post takes its token from the form the last answer showed, as a browser would.
  const unknown = await browser.request(
    '/login?next=%2F',
    post(base, { ...GUIDE_LOGIN, username: 'eve', csrf_token: csrfTokenIn(await wrong.text()) }),
  );
  const login = await browser.request(
    '/login?next=%2F',
    post(base, { ...GUIDE_LOGIN, remember: 'on', csrf_token: csrfTokenIn(await unknown.text()) }),
  );
  const loginCookies = cookieNames(browser.lastSetCookies);
  const home = await browser.get('/');
  const homeText = await home.text();
  browser.closeBrowser();
  const restored = await browser.get('/');
  const restoredText = await restored.text();
  const restoredSession = setCookieNamed(browser.lastSetCookies, 'session') !== undefined;
  const stranger = newBrowser(base);
  const evil = await stranger.request(
    '/login?next=%2F%2Fevil.test',
    post(base, { ...GUIDE_LOGIN, csrf_token: await loginFormToken(stranger) }),
  );
  const bareLogout = await browser.request('/logout', post(base));
  const bareLogoutCookies = cookieNames(browser.lastSetCookies);
  const stillIn = await browser.get('/');
  const logoutPage = await browser.get('/logout');
  const logoutHtml = await logoutPage.text();
  const logout = await browser.request(
    '/logout',
    post(base, { csrf_token: csrfTokenIn(logoutHtml) }),
  );
  const expired = ['session', 'remember_token'].filter((name) =>
    isDeletion(setCookieNamed(browser.lastSetCookies, name)),
  );
  const after = await browser.get('/', { accept: 'text/html' });
  return {
    anonymous: { status: anonymous.status, location: anonymous.headers.get('location') },
    api: { status: api.status, body: await api.json() },
    form: { status: page.status, fields: inputNames(html), token: /^[\w-]{40,}$/.test(token) },
    forgedLogin: forged,
    wrongPassword: wrong.status,
    unknownUser: unknown.status,
    login: { status: login.status, location: login.headers.get('location'), cookies: loginCookies },
    home: { status: home.status, text: homeText },
    restored: { status: restored.status, text: restoredText, newSession: restoredSession },
    unsafeNext: { status: evil.status, location: evil.headers.get('location') },
    logoutWithoutToken: {
      status: bareLogout.status,
      cookies: bareLogoutCookies,
      after: { status: stillIn.status, text: await stillIn.text() },
    },
    logoutForm: { status: logoutPage.status, fields: inputNames(logoutHtml) },
    logout: { status: logout.status, location: logout.headers.get('location'), expired },
    afterLogout: { status: after.status, location: after.headers.get('location') },
  };
}

const REFUSED = { status: 403, loggedIn: false };

/** What every guide's app must show. */
export const EXPECTED_WALK = {
  anonymous: { status: 302, location: '/login?next=%2F' },
  api: { status: 401, body: { error: 'login_required' } },
  form: { status: 200, fields: ['csrf_token', 'username', 'password', 'remember'], token: true },
  forgedLogin: { noToken: REFUSED, otherBrowsersToken: REFUSED, foreignOrigin: REFUSED },
  wrongPassword: 401,
  unknownUser: 401,
  login: { status: 302, location: '/', cookies: ['remember_token', 'session'] },
  home: { status: 200, text: 'Hello, ada' },
  restored: { status: 200, text: 'Hello, ada', newSession: true },
  unsafeNext: { status: 302, location: '/' },
  logoutWithoutToken: { status: 403, cookies: [], after: { status: 200, text: 'Hello, ada' } },
  logoutForm: { status: 200, fields: ['csrf_token'] },
  logout: { status: 302, location: '/login', expired: ['session', 'remember_token'] },
  afterLogout: { status: 302, location: '/login?next=%2F' },
};
