/**
 * Pages, links and forms every client may rely on: the route table's GET answers, the links
 * a person follows, the input attributes password managers read, the logout form on every
 * logged-in page, the self-served favicon and stylesheet, and the health check.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from './support/browser.js';
import { JSON_CLIENT, jsonOf, locationPath } from './support/checks.js';
import { signUp } from './support/flows.js';
import { formFor, forms, hrefs, inputNamed, type Tag, tags, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

function attributesOf(html: string, name: string): Tag['attributes'] {
  const input = inputNamed(html, name);
  if (!input) throw new Error(`no input named ${name}`);
  return input.attributes;
}

/** The page at `path` answered 200 with a POST form to `action` carrying `fields` and a token. */
function expectFormPage(reply: Reply, path: string, action: string, fields: string[]): void {
  expect(reply.status, path).toBe(200);
  const form = formFor(reply.text, action);
  expect(form?.method, path).toBe('post');
  const names = form?.fields.map((field) => field.attributes.name);
  expect(names, path).toEqual(expect.arrayContaining([...fields, 'csrf_token']));
}

describe('the route table', () => {
  it('GET / answers 200 with a link to /auth/login for an anonymous visitor', async () => {
    const reply = await app.browser().get('/');
    expect(reply.status).toBe(200);
    expect(hrefs(reply.text)).toContain('/auth/login');
  });

  it('an anonymous visit to a page without a form sets no cookie; a form page sets the CSRF one', async () => {
    const browser = app.browser();
    expect((await browser.get('/')).setCookies).toEqual([]);
    expect((await browser.get('/no-such-page')).setCookies).toEqual([]);
    const login = await browser.get('/auth/login');
    expect(login.setCookies.map((line) => line.split('=')[0])).toEqual(['csrf']);
  });

  it('GET / answers 200 showing the username and a link to /profile when logged in', async () => {
    const { who, browser } = await signUp(app, { label: 'index' });
    const reply = await browser.get('/');
    expect(reply.status).toBe(200);
    expect(textOf(reply.text)).toContain(who.username);
    expect(hrefs(reply.text)).toContain('/profile');
  });

  it('GET /profile answers 200 with the username and email', async () => {
    const { who, browser } = await signUp(app, { label: 'profile' });
    const reply = await browser.get('/profile');
    expect(reply.status).toBe(200);
    expect(textOf(reply.text)).toContain(who.username);
    expect(textOf(reply.text)).toContain(who.email);
  });

  it('/profile links to /auth/change-password, /auth/change-email and /auth/sessions', async () => {
    const { browser } = await signUp(app, { label: 'links' });
    const links = hrefs((await browser.get('/profile')).text);
    expect(links).toEqual(
      expect.arrayContaining(['/auth/change-password', '/auth/change-email', '/auth/sessions']),
    );
  });

  it('the login page links to /auth/register and /auth/reset', async () => {
    const links = hrefs((await app.browser().get('/auth/login')).text);
    expect(links).toEqual(expect.arrayContaining(['/auth/register', '/auth/reset']));
  });

  it('GET on each anonymous form page answers 200 with its POST form and fields', async () => {
    const pages: [string, string[]][] = [
      ['/auth/register', ['email', 'username', 'password', 'password2']],
      ['/auth/login', ['email', 'password', 'remember_me']],
      ['/auth/reset', ['email']],
      ['/auth/logout', []],
    ];
    for (const [path, fields] of pages) {
      expectFormPage(await app.browser().get(path), path, path, fields);
    }
  });

  it('the remember_me checkbox sends the value y', async () => {
    const html = (await app.browser().get('/auth/login')).text;
    expect(attributesOf(html, 'remember_me')).toMatchObject({ type: 'checkbox', value: 'y' });
  });

  it('GET on each fresh-login form page answers 200 with its POST form and fields', async () => {
    const { browser } = await signUp(app, { label: 'forms' });
    const pages: [string, string, string[]][] = [
      ['/auth/change-password', '/auth/change-password', ['old_password', 'password', 'password2']],
      ['/auth/change-email', '/auth/change-email', ['email', 'password']],
      ['/auth/reauthenticate', '/auth/reauthenticate', ['password']],
      ['/auth/sessions', '/auth/sessions/revoke-others', []],
    ];
    for (const [path, action, fields] of pages) {
      expectFormPage(await browser.get(path), path, action, fields);
    }
  });

  it('GET /healthz answers 200 while the database answers', async () => {
    const reply = await app.browser().get('/healthz');
    expect(reply.status).toBe(200);
  });

  it('the app serves /favicon.ico itself', async () => {
    const reply = await app.browser().get('/favicon.ico');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^image\//);
  });

  it('every page links only its own stylesheet, which the app serves as CSS (no CDN)', async () => {
    const html = (await app.browser().get('/auth/login')).text;
    const sheets = tags(html, 'link').filter((tag) => tag.attributes.rel === 'stylesheet');
    expect(sheets.length).toBeGreaterThan(0);
    for (const sheet of sheets) {
      const href = sheet.attributes.href ?? '';
      expect(href.startsWith('/') && !href.startsWith('//')).toBe(true);
      const reply = await app.browser().get(href);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^text\/css/);
    }
    const external = tags(html).filter((tag) => /^(https?:)?\/\//.test(tag.attributes.src ?? ''));
    expect(external).toEqual([]);
  });

  it('an unknown path answers 404, never 5xx', async () => {
    expect((await app.browser().get('/no/such/page')).status).toBe(404);
  });
});

describe('input attributes', () => {
  it('login: email has autocomplete=email, password is type=password autocomplete=current-password', async () => {
    const html = (await app.browser().get('/auth/login')).text;
    expect(attributesOf(html, 'email').autocomplete).toBe('email');
    expect(attributesOf(html, 'password')).toMatchObject({
      type: 'password',
      autocomplete: 'current-password',
    });
  });

  it('register: email, username autocomplete; both passwords type=password autocomplete=new-password', async () => {
    const html = (await app.browser().get('/auth/register')).text;
    expect(attributesOf(html, 'email').autocomplete).toBe('email');
    expect(attributesOf(html, 'username').autocomplete).toBe('username');
    for (const name of ['password', 'password2']) {
      expect(attributesOf(html, name)).toMatchObject({
        type: 'password',
        autocomplete: 'new-password',
      });
    }
  });

  it('reset request: email has autocomplete=email', async () => {
    const html = (await app.browser().get('/auth/reset')).text;
    expect(attributesOf(html, 'email').autocomplete).toBe('email');
  });

  it('reauthenticate: password is type=password autocomplete=current-password', async () => {
    const { browser } = await signUp(app, { label: 'reauthattrs' });
    const html = (await browser.get('/auth/reauthenticate')).text;
    expect(attributesOf(html, 'password')).toMatchObject({
      type: 'password',
      autocomplete: 'current-password',
    });
  });

  it('change password: old_password is the current password, the new ones are new-password', async () => {
    const { browser } = await signUp(app, { label: 'changeattrs' });
    const html = (await browser.get('/auth/change-password')).text;
    expect(attributesOf(html, 'old_password')).toMatchObject({
      type: 'password',
      autocomplete: 'current-password',
    });
    for (const name of ['password', 'password2']) {
      expect(attributesOf(html, name)).toMatchObject({
        type: 'password',
        autocomplete: 'new-password',
      });
    }
  });

  it('change email: email has autocomplete=email, password is a password input', async () => {
    const { browser } = await signUp(app, { label: 'emailattrs' });
    const html = (await browser.get('/auth/change-email')).text;
    expect(attributesOf(html, 'email').autocomplete).toBe('email');
    expect(attributesOf(html, 'password').type).toBe('password');
    expect(['current-password', 'new-password']).toContain(
      attributesOf(html, 'password').autocomplete,
    );
  });

  it('every password input on every page is type=password with a password autocomplete', async () => {
    const { browser } = await signUp(app, { label: 'allpw' });
    const paths = [
      '/auth/login',
      '/auth/register',
      '/auth/reauthenticate',
      '/auth/change-password',
      '/auth/change-email',
    ];
    let seen = 0;
    for (const path of paths) {
      const html = (await browser.get(path)).text;
      for (const input of tags(html, 'input')) {
        if (!/password/.test(input.attributes.name ?? '')) continue;
        seen += 1;
        expect(input.attributes.type, `${path} ${input.attributes.name}`).toBe('password');
        expect(['current-password', 'new-password']).toContain(input.attributes.autocomplete);
      }
    }
    expect(seen).toBe(8);
  });
});

/** Every page a freshly logged-in user can open. */
const LOGGED_IN_PAGES = [
  '/',
  '/profile',
  '/auth/login',
  '/auth/register',
  '/auth/reset',
  '/auth/logout',
  '/auth/reauthenticate',
  '/auth/change-password',
  '/auth/change-email',
  '/auth/sessions',
  '/auth/two-factor/setup',
  '/auth/passkeys',
  '/auth/tokens',
];

describe('forms and the logout form', () => {
  it('every POST form on every page is urlencoded and carries a hidden csrf_token', async () => {
    const { browser } = await signUp(app, { label: 'csrfforms' });
    let checked = 0;
    for (const path of LOGGED_IN_PAGES) {
      const html = (await browser.get(path)).text;
      for (const form of forms(html).filter((one) => one.method === 'post')) {
        checked += 1;
        const where = `${path} → ${form.action}`;
        expect(form.attributes.enctype ?? 'application/x-www-form-urlencoded', where).toBe(
          'application/x-www-form-urlencoded',
        );
        const token = form.fields.find((field) => field.attributes.name === 'csrf_token');
        expect(token?.attributes.type, where).toBe('hidden');
        expect(token?.attributes.value, where).toBeTruthy();
      }
    }
    // Every page carries at least the logout form.
    expect(checked).toBeGreaterThanOrEqual(LOGGED_IN_PAGES.length);
  });

  it('every page for a logged-in user carries the logout form (a POST with its token)', async () => {
    const { browser } = await signUp(app, { label: 'logoutform' });
    for (const path of LOGGED_IN_PAGES) {
      const reply = await browser.get(path);
      expect(reply.status, path).toBe(200);
      const form = formFor(reply.text, '/auth/logout');
      expect(form?.method, path).toBe('post');
      const token = form?.fields.find((field) => field.attributes.name === 'csrf_token');
      expect(token?.attributes.value, path).toBeTruthy();
    }
  });

  it('the logout form found on /profile logs the user out and 302s to /', async () => {
    const { browser } = await signUp(app, { label: 'logoutpost' });
    const reply = await browser.submit('/auth/logout', {}, { page: '/profile' });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/');
    expect((await browser.get('/profile')).status).toBe(302);
  });

  it('GET /auth/logout shows the logout form and logs no one out', async () => {
    const { browser } = await signUp(app, { label: 'logoutget' });
    const reply = await browser.get('/auth/logout');
    expect(reply.status).toBe(200);
    expect(formFor(reply.text, '/auth/logout')?.method).toBe('post');
    expect((await browser.get('/profile')).status).toBe(200);
  });

  it('POST /auth/logout works for an anonymous visitor too', async () => {
    const reply = await app.browser().submit('/auth/logout');
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/');
  });
});

describe('login-only pages', () => {
  it('anonymous GET /profile answers 302 to /auth/login?next=%2Fprofile', async () => {
    const reply = await app.browser().get('/profile');
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/auth/login?next=%2Fprofile');
  });

  it('the next parameter percent-encodes the path and query', async () => {
    const reply = await app.browser().get('/profile?tab=a%20b&x=1');
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe(
      `/auth/login?next=${encodeURIComponent('/profile?tab=a%20b&x=1')}`,
    );
  });

  it('every login-only page sends an anonymous visitor to the login page with next', async () => {
    const paths = [
      '/auth/change-password',
      '/auth/change-email',
      '/auth/sessions',
      '/auth/reauthenticate',
    ];
    for (const path of paths) {
      const reply = await app.browser().get(path);
      expect(reply.status, path).toBe(302);
      expect(locationPath(reply), path).toBe(`/auth/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('a JSON client gets 401 {"error":"login_required"} instead of a redirect', async () => {
    for (const path of ['/profile', '/auth/change-password', '/auth/sessions']) {
      const reply = await app.browser().get(path, JSON_CLIENT);
      expect(reply.status, path).toBe(401);
      expect(jsonOf(reply), path).toEqual({ error: 'login_required' });
    }
  });

  it('a client accepting both JSON and HTML is treated as a browser', async () => {
    const reply = await app.browser().get('/profile', {
      accept: 'text/html,application/json;q=0.9',
    });
    expect(reply.status).toBe(302);
  });
});
