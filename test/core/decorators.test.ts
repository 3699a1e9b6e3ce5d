import { describe, expect, it } from 'vitest';
import { freshLoginRequired, loginRequired } from '../../src/adapters/hono.js';
import { currentUserPage } from '../support/current-user-view.js';
import { createHarness } from '../support/harness.js';
import type { TestUser } from '../support/users.js';

describe('decorators: loginRequired', () => {
  it('loginRequired answers 401 to an anonymous visitor when there is no login view', async () => {
    const h = createHarness();
    const response = await h.client().get('/secret');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'login_required' });
  });

  it('loginRequired runs the handler when logged in, with c.var.user set', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/2');
    const response = await client.get('/secret');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('secret for Steve');
  });

  it('loginRequired works on an async handler', async () => {
    const h = createHarness({}, (app) => {
      app.get('/async', loginRequired(), async (c) => {
        await new Promise((resolve) => setImmediate(resolve));
        const user = (await c.var.auth.currentUser()) as TestUser;
        return c.text(`async for ${user.name}`);
      });
    });
    const client = h.client();
    expect((await client.get('/async')).status).toBe(401);
    await client.get('/login/1');
    const response = await client.get('/async');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('async for Notch');
  });
});

describe('decorators: freshLoginRequired', () => {
  it('freshLoginRequired answers 401 login_required to an anonymous visitor', async () => {
    const h = createHarness();
    const response = await h.client().get('/sudo');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'login_required' });
  });

  it('freshLoginRequired runs the handler after a fresh login', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const response = await client.get('/sudo');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('sudo');
  });

  it('freshLoginRequired answers 401 after a restore from the remember cookie, and runs again after confirmLogin', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    expect((await client.get('/sudo')).status).toBe(200);
    client.cookies.delete('session');
    expect(client.cookies.has('remember_token')).toBe(true);
    const stale = await client.get('/sudo');
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: 'reauthentication_required' });
    expect(await (await client.get('/whoami')).json()).toEqual({
      name: 'Notch',
      fresh: false,
      remembered: true,
      source: 'session',
    });
    await client.get('/confirm');
    const confirmed = await client.get('/sudo');
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toBe('sudo');
  });

  it('freshLoginRequired works on an async handler', async () => {
    const h = createHarness({}, (app) => {
      app.get('/async-sudo', freshLoginRequired(), async (c) => {
        await Promise.resolve();
        return c.text(`sudo for ${(c.var.user as TestUser).name}`);
      });
    });
    const client = h.client();
    await client.get('/login/2');
    expect(await (await client.get('/async-sudo')).text()).toBe('sudo for Steve');
  });
});

describe('decorators: the template context provides the current user', () => {
  const harness = () =>
    createHarness({}, (app) => {
      app.get('/page', async (c) => c.html(currentUserPage(await c.var.auth.user())));
    });

  it('a JSX page shows the anonymous user’s own flags when logged out', async () => {
    const h = harness();
    const response = await h.client().get('/page');
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toBe(
      '<p class="anonymous">anonymous=true authenticated=false</p>',
    );
  });

  it('a JSX page shows the user’s name when logged in', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/login/2');
    expect(await (await client.get('/page')).text()).toBe('<p class="user">Hello, Steve</p>');
  });
});

describe('guardsDisabled (LOGIN_DISABLED) lets everyone through', () => {
  const harness = (guardsDisabled: boolean) =>
    createHarness({ guardsDisabled, loginView: '/login' }, (app) => {
      app.get('/open', loginRequired(), (c) => c.text('open'));
      app.get('/open-sudo', freshLoginRequired(), async (c) => {
        await Promise.resolve();
        return c.text('open sudo');
      });
    });

  it('with guardsDisabled, both guards let an anonymous visitor through', async () => {
    const h = harness(true);
    const unauthorized = h.listen('userUnauthorized');
    const client = h.client();
    expect(await (await client.get('/open')).text()).toBe('open');
    expect(await (await client.get('/open-sudo')).text()).toBe('open sudo');
    expect(unauthorized).toEqual([]);
  });

  it('with guardsDisabled, freshLoginRequired lets a stale login through', async () => {
    const h = harness(true);
    const client = h.client();
    await client.get('/login/1?fresh=0');
    expect((await client.get('/open-sudo')).status).toBe(200);
  });

  it('without guardsDisabled, the same routes redirect', async () => {
    const h = harness(false);
    const client = h.client();
    expect((await client.get('/open')).status).toBe(302);
    expect((await client.get('/open-sudo')).status).toBe(302);
  });
});
