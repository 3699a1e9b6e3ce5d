import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';

describe('static routes (StaticTestCase)', () => {
  it('a request for a static file leaves an anonymous visitor anonymous and sets no cookie', async () => {
    const h = createHarness();
    const client = h.client();
    const response = await client.get('/static/x');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('static');
    expect(client.lastSetCookies).toEqual([]);
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
  });

  it('a request for a static file does not load the user: no userAccessed, userLoader never called', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    const accessed = h.listen('userAccessed');
    const loadsBefore = h.loads.count;
    const response = await client.get('/static/x');
    expect(response.status).toBe(200);
    expect(accessed).toEqual([]);
    expect(h.loads.count).toBe(loadsBefore);
    expect(client.lastSetCookies).toEqual([]);
  });

  it('a static request with only a remember cookie neither restores the login nor reads the token', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    client.cookies.delete('session');
    const restored = h.listen('userLoadedFromCookie');
    await client.get('/static/x');
    expect(restored).toEqual([]);
    expect(client.cookies.has('session')).toBe(false);
    expect(h.loads.count).toBe(0);
  });
});

describe('lazy loading: a route that does not touch the user loads nothing; one that touches it twice loads once', () => {
  it('a route that never touches the user loads nothing, even for a logged-in client', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/2');
    const accessed = h.listen('userAccessed');
    for (let i = 0; i < 3; i++) await client.get('/static/x');
    expect(accessed).toHaveLength(0);
    expect(h.loads.count).toBe(0);
  });

  it('a route that touches the user several times loads it once per request', async () => {
    const h = createHarness({}, (app) => {
      app.get('/twice', async (c) => {
        const first = await c.var.auth.user();
        const second = await c.var.auth.currentUser();
        return c.json({ same: first === second, fresh: await c.var.auth.isFresh() });
      });
    });
    const client = h.client();
    await client.get('/login/2');
    const accessed = h.listen('userAccessed');
    const body = await (await client.get('/twice')).json();
    expect(body).toEqual({ same: true, fresh: true });
    expect(accessed).toHaveLength(1);
    expect(h.loads.count).toBe(1);
  });

  it('concurrent touches within one request share a single load', async () => {
    const h = createHarness({}, (app) => {
      app.get('/parallel', async (c) => {
        const auth = c.var.auth;
        const [user, fresh, source] = await Promise.all([
          auth.user(),
          auth.isFresh(),
          auth.source(),
        ]);
        return c.json({ name: (user as { name?: string }).name ?? null, fresh, source });
      });
    });
    const client = h.client();
    await client.get('/login/1');
    const accessed = h.listen('userAccessed');
    expect(await (await client.get('/parallel')).json()).toEqual({
      name: 'Notch',
      fresh: true,
      source: 'session',
    });
    expect(accessed).toHaveLength(1);
    expect(h.loads.count).toBe(1);
  });

  it('each request that touches the user emits userAccessed once', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const accessed = h.listen('userAccessed');
    await client.get('/whoami');
    await client.get('/static/x');
    await client.get('/whoami');
    expect(accessed).toHaveLength(2);
  });
});
