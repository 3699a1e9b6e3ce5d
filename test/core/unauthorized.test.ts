import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { latchkey, loginRequired, type TurnAwayHandler } from '../../src/adapters/hono.js';
import type { LoginManagerOptions } from '../../src/core/config.js';
import { LoginManager } from '../../src/core/manager.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { TestClient } from '../support/client.js';
import { createHarness } from '../support/harness.js';
import { type TestUser, userTable } from '../support/users.js';

/** A harness with a login page that reports the flashed messages and the stored `next`. */
function withLoginPage(options: Partial<LoginManagerOptions<TestUser>> = {}) {
  return createHarness({ loginView: '/login', ...options }, (app) => {
    app.get('/login', (c) => c.json({ next: c.var.auth.takeNext() }));
    app.get('/flashes', (c) => c.json(c.var.auth.takeFlashes()));
  });
}

describe('unauthorized: the userUnauthorized event', () => {
  it('an anonymous visit to a guarded route emits userUnauthorized once', async () => {
    const h = createHarness();
    const seen = h.listen('userUnauthorized');
    await h.client().get('/secret');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.request.url).toBe('http://localhost/secret');
  });

  it('a logged-in visit emits no userUnauthorized', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const seen = h.listen('userUnauthorized');
    expect((await client.get('/secret')).status).toBe(200);
    expect(seen).toEqual([]);
  });
});

describe('unauthorized: the login message is flashed with its category', () => {
  it('with a login view, the default login message is flashed under the default category', async () => {
    const h = withLoginPage();
    const client = h.client();
    await client.get('/secret');
    expect(await (await client.get('/flashes')).json()).toEqual([
      { category: 'message', message: 'Please log in to access this page.' },
    ]);
  });

  it('a configured login message and category are flashed', async () => {
    const h = withLoginPage({ loginMessage: 'Log in first!', loginMessageCategory: 'warning' });
    const client = h.client();
    await client.get('/secret');
    expect(await (await client.get('/flashes')).json()).toEqual([
      { category: 'warning', message: 'Log in first!' },
    ]);
  });

  it('flashed messages are removed once read', async () => {
    const h = withLoginPage();
    const client = h.client();
    await client.get('/secret');
    await client.get('/flashes');
    expect(await (await client.get('/flashes')).json()).toEqual([]);
  });

  it('loginMessage null flashes nothing', async () => {
    const h = withLoginPage({ loginMessage: null });
    const client = h.client();
    expect((await client.get('/secret')).status).toBe(302);
    expect(await (await client.get('/flashes')).json()).toEqual([]);
  });

  it('the flashed login message passes through the localize hook', async () => {
    const translations: Record<string, string> = {
      'Please log in to access this page.': 'Bitte melden Sie sich an.',
    };
    const h = withLoginPage({ localize: (message) => translations[message] ?? message });
    const client = h.client();
    await client.get('/secret');
    expect(await (await client.get('/flashes')).json()).toEqual([
      { category: 'message', message: 'Bitte melden Sie sich an.' },
    ]);
  });
});

describe('unauthorized: a custom unauthorized handler’s response is returned as-is', () => {
  const custom: TurnAwayHandler = (c, outcome) =>
    c.text(`custom: ${outcome.reason}`, 401, { 'X-Custom': 'yes' });

  it('the middleware-level onUnauthorized answers anonymous visitors (401 + body)', async () => {
    const users = userTable();
    const manager = new LoginManager<TestUser>({
      userLoader: (id) => users.get(id) ?? null,
      stores: memoryStores(),
      clock: createTestClock().now,
      loginView: '/login',
    });
    const app = new Hono();
    app.use(latchkey(manager, { onUnauthorized: custom }));
    app.get('/secret', loginRequired(), (c) => c.text('secret'));
    const response = await new TestClient((path, init) => app.request(path, init)).get('/secret');
    expect(response.status).toBe(401);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(await response.text()).toBe('custom: login_required');
  });

  it('a guard-level onUnauthorized wins over the default redirect', async () => {
    const h = createHarness({ loginView: '/login' }, (app) => {
      app.get('/custom', loginRequired({ onUnauthorized: custom }), (c) => c.text('custom page'));
    });
    const seen = h.listen('userUnauthorized');
    const response = await h.client().get('/custom');
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('custom: login_required');
    expect(seen).toHaveLength(1);
  });

  it('a guard-level onUnauthorized wins over the middleware-level one', async () => {
    const users = userTable();
    const manager = new LoginManager<TestUser>({ userLoader: (id) => users.get(id) ?? null });
    const app = new Hono();
    app.use(latchkey(manager, { onUnauthorized: (c) => c.text('middleware', 401) }));
    app.get('/secret', loginRequired({ onUnauthorized: (c) => c.text('guard', 403) }), (c) =>
      c.text('secret'),
    );
    const response = await app.request('/secret');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('guard');
  });
});

describe('unauthorized: no login view answers 401, a login view redirects', () => {
  it('with no login view, an anonymous visitor gets 401 JSON {"error":"login_required"}', async () => {
    const h = createHarness();
    const response = await h.client().get('/secret');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ error: 'login_required' });
  });

  it('with a login view, an anonymous visitor gets 302 to /login?next=%2Fsecret', async () => {
    const h = withLoginPage();
    const response = await h.client().get('/secret');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?next=%2Fsecret');
  });

  it('a custom nextField names the parameter', async () => {
    const h = withLoginPage({ nextField: 'n' });
    const response = await h.client().get('/secret');
    expect(response.headers.get('location')).toBe('/login?n=%2Fsecret');
  });
});

describe('unauthorized: useSessionForNext keeps next out of the URL', () => {
  it('redirects to bare /login and the login page can take next === "/secret"', async () => {
    const h = withLoginPage({ useSessionForNext: true });
    const client = h.client();
    const response = await client.get('/secret');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
    expect(await (await client.get('/login')).json()).toEqual({ next: '/secret' });
  });

  it('next can be taken only once', async () => {
    const h = withLoginPage({ useSessionForNext: true });
    const client = h.client();
    await client.get('/secret');
    await client.get('/login');
    expect(await (await client.get('/login')).json()).toEqual({ next: null });
  });

  it('the stored next keeps the query string', async () => {
    const h = withLoginPage({ useSessionForNext: true });
    const client = h.client();
    await client.get('/secret?tab=2&x=y');
    expect(await (await client.get('/login')).json()).toEqual({ next: '/secret?tab=2&x=y' });
  });

  it('with protection strong, the stored next survives to the login page', async () => {
    const h = withLoginPage({ useSessionForNext: true, protection: 'strong' });
    const client = h.client({ 'user-agent': 'Browser/1' });
    const response = await client.get('/secret');
    expect(response.headers.get('location')).toBe('/login');
    expect(await (await client.get('/login')).json()).toEqual({ next: '/secret' });
  });

  it('with protection strong, a visitor whose login was ended by a changed client still gets next', async () => {
    const h = withLoginPage({ useSessionForNext: true, protection: 'strong' });
    const client = h.client({ 'user-agent': 'Browser/1' });
    await client.get('/login/1');
    const response = await client.get('/secret', { 'user-agent': 'Other/2' });
    expect(response.headers.get('location')).toBe('/login');
    expect(await (await client.get('/login')).json()).toEqual({ next: '/secret' });
  });
});

describe('unauthorized: per-prefix login views (per-blueprint views)', () => {
  const harness = () =>
    createHarness(
      {
        loginView: '/app_login',
        loginViews: { '/first': '/first_login', '/second': '/second_login' },
      },
      (app) => {
        for (const path of ['/protected', '/first/protected', '/second/protected', '/firstly']) {
          app.get(path, loginRequired(), (c) => c.text('ok'));
        }
      },
    );

  it.each([
    ['/protected', '/app_login?next=%2Fprotected'],
    ['/first/protected', '/first_login?next=%2Ffirst%2Fprotected'],
    ['/second/protected', '/second_login?next=%2Fsecond%2Fprotected'],
    ['/firstly', '/app_login?next=%2Ffirstly'],
  ])('%s redirects to %s', async (path, location) => {
    const response = await harness().client().get(path);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(location);
  });

  it('the app-wide loginView alone applies to every route', async () => {
    const h = createHarness({ loginView: '/app_login' });
    const response = await h.client().get('/secret');
    expect(response.headers.get('location')).toBe('/app_login?next=%2Fsecret');
  });
});

describe('unauthorized: a guard-level loginView overrides the manager’s', () => {
  const harness = () =>
    createHarness({ loginView: '/login' }, (app) => {
      app.get('/special', loginRequired({ loginView: '/special_login' }), (c) => c.text('ok'));
      app.get('/api-ish', loginRequired({ loginView: null }), (c) => c.text('ok'));
    });

  it('a guard with its own loginView redirects there', async () => {
    const response = await harness().client().get('/special');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/special_login?next=%2Fspecial');
  });

  it('a guard with loginView null answers 401 even though the manager has a view', async () => {
    const response = await harness().client().get('/api-ish');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'login_required' });
  });
});
