import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  freshLoginRequired,
  latchkey,
  loginRequired,
  type TurnAwayHandler,
} from '../../src/adapters/hono.js';
import type { LoginManagerOptions } from '../../src/core/config.js';
import { LoginManager } from '../../src/core/manager.js';
import { createTestClock } from '../../src/testing/index.js';
import { TestClient } from '../support/client.js';
import { createHarness } from '../support/harness.js';
import { type TestUser, userTable } from '../support/users.js';

const MINUTE = 60_000;

/** A harness with `/needs-refresh` (fresh only), a refresh page and a flash reader. */
function withRefreshPage(options: Partial<LoginManagerOptions<TestUser>> = {}) {
  return createHarness({ refreshView: '/refresh-view', ...options }, (app) => {
    app.get('/needs-refresh', freshLoginRequired(), (c) => c.text('fresh enough'));
    app.get('/refresh-view', (c) => c.json({ next: c.var.auth.takeNext() }));
    app.get('/flashes', (c) => c.json(c.var.auth.takeFlashes()));
  });
}

/** A client logged in with a non-fresh login, as after a remember-me restore. */
async function staleClient(h: ReturnType<typeof createHarness>): Promise<TestClient> {
  const client = h.client();
  await client.get('/login/1?fresh=0');
  return client;
}

describe('needs refresh: a custom needs-refresh handler', () => {
  const custom: TurnAwayHandler = (c, outcome) => c.text(`custom: ${outcome.reason}`, 403);

  it('a guard-level onNeedsRefresh response is returned as-is', async () => {
    const h = createHarness({ refreshView: '/refresh-view' }, (app) => {
      app.get('/custom', freshLoginRequired({ onNeedsRefresh: custom }), (c) => c.text('ok'));
    });
    const response = await (await staleClient(h)).get('/custom');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('custom: reauthentication_required');
  });

  it('the middleware-level onNeedsRefresh answers stale logins but not anonymous visitors', async () => {
    const users = userTable();
    const manager = new LoginManager<TestUser>({
      userLoader: (id) => users.get(id) ?? null,
      clock: createTestClock().now,
      protection: 'off',
    });
    const app = new Hono();
    app.use(latchkey(manager, { onNeedsRefresh: custom }));
    app.get('/login', async (c) => {
      await c.var.auth.login(users.get('1') as TestUser, { fresh: false });
      return c.text('in');
    });
    app.get('/sudo', freshLoginRequired(), (c) => c.text('sudo'));
    const anonymous = await app.request('/sudo');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'login_required' });
    const client = new TestClient((path, init) => app.request(path, init));
    await client.get('/login');
    const response = await client.get('/sudo');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('custom: reauthentication_required');
  });
});

describe('needs refresh: the userNeedsRefresh event', () => {
  it('a stale login on a fresh-only route emits userNeedsRefresh once with the user', async () => {
    const h = createHarness();
    const client = await staleClient(h);
    const seen = h.listen('userNeedsRefresh');
    const unauthorized = h.listen('userUnauthorized');
    await client.get('/sudo');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.user.name).toBe('Notch');
    expect(unauthorized).toEqual([]);
  });

  it('a fresh login emits no userNeedsRefresh', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const seen = h.listen('userNeedsRefresh');
    expect((await client.get('/sudo')).status).toBe(200);
    expect(seen).toEqual([]);
  });
});

describe('needs refresh: the refresh message is flashed and localized', () => {
  it('with a refresh view, the default refresh message is flashed under its category', async () => {
    const h = withRefreshPage({ refreshMessageCategory: 'info' });
    const client = await staleClient(h);
    await client.get('/needs-refresh');
    expect(await (await client.get('/flashes')).json()).toEqual([
      { category: 'info', message: 'Please reauthenticate to access this page.' },
    ]);
  });

  it('a configured refresh message passes through the localize hook', async () => {
    const h = withRefreshPage({
      refreshMessage: 'Confirm your password',
      localize: (message) => `[fr] ${message}`,
    });
    const client = await staleClient(h);
    await client.get('/needs-refresh');
    expect(await (await client.get('/flashes')).json()).toEqual([
      { category: 'message', message: '[fr] Confirm your password' },
    ]);
  });
});

describe('needs refresh: no refresh view answers 401, a refresh view redirects', () => {
  it('with no refresh view, a stale login gets 401 {"error":"reauthentication_required"}', async () => {
    const h = createHarness();
    const response = await (await staleClient(h)).get('/sudo');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'reauthentication_required' });
  });

  it('with a refresh view, a stale login gets 302 to /refresh-view?next=%2Fneeds-refresh', async () => {
    const h = withRefreshPage();
    const response = await (await staleClient(h)).get('/needs-refresh');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/refresh-view?next=%2Fneeds-refresh');
  });

  it('a guard-level refreshView overrides the manager’s, and null answers 401', async () => {
    const h = withRefreshPage();
    h.app.get('/own-view', freshLoginRequired({ refreshView: '/reauth' }), (c) => c.text('ok'));
    h.app.get('/no-view', freshLoginRequired({ refreshView: null }), (c) => c.text('ok'));
    const client = await staleClient(h);
    expect((await client.get('/own-view')).headers.get('location')).toBe(
      '/reauth?next=%2Fown-view',
    );
    expect((await client.get('/no-view')).status).toBe(401);
  });

  it('with useSessionForNext, it redirects to bare /refresh-view and next is kept for that page', async () => {
    const h = withRefreshPage({ useSessionForNext: true });
    const client = await staleClient(h);
    const response = await client.get('/needs-refresh');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/refresh-view');
    expect(await (await client.get('/refresh-view')).json()).toEqual({ next: '/needs-refresh' });
  });
});

describe('needs refresh: freshFor ("sudo mode") with the clock', () => {
  const harness = () =>
    createHarness({}, (app) => {
      app.get('/sudo-10m', freshLoginRequired({ freshFor: { minutes: 10 } }), (c) =>
        c.text('sudo'),
      );
      app.get('/fresh-for-5m', loginRequired({ freshFor: 300 }), (c) => c.text('recent'));
    });

  it('a fresh login within freshFor is allowed', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/login/1');
    h.clock.advance(9 * MINUTE);
    expect((await client.get('/sudo-10m')).status).toBe(200);
  });

  it('a fresh login older than freshFor is refused while the plain fresh guard still allows it', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/login/1');
    h.clock.advance(11 * MINUTE);
    const response = await client.get('/sudo-10m');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'reauthentication_required' });
    expect((await client.get('/sudo')).status).toBe(200);
  });

  it('confirmLogin restarts the freshFor window', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/login/1');
    h.clock.advance(11 * MINUTE);
    expect((await client.get('/sudo-10m')).status).toBe(401);
    await client.get('/confirm');
    h.clock.advance(MINUTE);
    expect((await client.get('/sudo-10m')).status).toBe(200);
  });

  it('freshFor on loginRequired also asks for a recent password', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/login/1');
    h.clock.advance(4 * MINUTE);
    expect((await client.get('/fresh-for-5m')).status).toBe(200);
    h.clock.advance(2 * MINUTE);
    expect((await client.get('/fresh-for-5m')).status).toBe(401);
  });

  it('a non-fresh login is refused by freshFor at any age', async () => {
    const h = harness();
    const client = await staleClient(h);
    expect((await client.get('/sudo-10m')).status).toBe(401);
  });
});
