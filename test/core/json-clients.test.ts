import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';

describe('JSON clients get 401, browsers get the login redirect', () => {
  const harness = () =>
    createHarness({ loginView: '/login', refreshView: '/reauth' }, (app) => {
      app.get('/flashes', (c) => c.json(c.var.auth.takeFlashes()));
    });

  it('Accept: application/json (without text/html) gets 401 JSON even when a login view is set', async () => {
    const h = harness();
    const response = await h.client().get('/secret', { accept: 'application/json' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'login_required' });
  });

  it('a JSON client turned away is not sent a flash message', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/secret', { accept: 'application/json' });
    expect(client.lastSetCookies).toEqual([]);
  });

  it('a stale login from a JSON client gets 401 {"error":"reauthentication_required"} despite a refresh view', async () => {
    const h = harness();
    const client = h.client({ accept: 'application/json' });
    await client.get('/login/1?fresh=0');
    const response = await client.get('/sudo');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'reauthentication_required' });
  });

  it('Accept naming both JSON and HTML gets the redirect', async () => {
    const h = harness();
    const response = await h
      .client()
      .get('/secret', { accept: 'text/html,application/xhtml+xml,application/json;q=0.9' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?next=%2Fsecret');
  });

  it('no Accept header gets the redirect', async () => {
    const h = harness();
    const response = await h.client().get('/secret');
    expect(response.status).toBe(302);
  });

  it('next keeps the query string, percent-encoded', async () => {
    const h = harness();
    const response = await h.client().get('/secret?a=1&b=2');
    expect(response.headers.get('location')).toBe('/login?next=%2Fsecret%3Fa%3D1%26b%3D2');
  });

  it('next keeps an already encoded query value encoded once more, so it round-trips', async () => {
    const h = harness();
    const response = await h.client().get('/secret?q=a%20b');
    const location = response.headers.get('location') ?? '';
    expect(location).toBe('/login?next=%2Fsecret%3Fq%3Da%2520b');
    expect(new URL(location, 'http://localhost').searchParams.get('next')).toBe('/secret?q=a%20b');
  });
});
