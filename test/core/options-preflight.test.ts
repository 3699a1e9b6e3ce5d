import { describe, expect, it } from 'vitest';
import { freshLoginRequired, loginRequired } from '../../src/adapters/hono.js';
import { createHarness } from '../support/harness.js';

describe('OPTIONS is exempt (MethodViewLoginTestCase)', () => {
  const harness = (options: Parameters<typeof createHarness>[0] = {}) =>
    createHarness(options, (app) => {
      app.on(['GET', 'OPTIONS'], '/method-view', loginRequired(), freshLoginRequired(), (c) =>
        c.text(c.req.method === 'OPTIONS' ? 'preflight ok' : 'view'),
      );
    });

  it('OPTIONS on a route behind loginRequired + freshLoginRequired answers 200 while anonymous', async () => {
    const h = harness();
    const response = await h.client().request('/method-view', { method: 'OPTIONS' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('preflight ok');
  });

  it('the same route still turns away an anonymous GET', async () => {
    const h = harness();
    const response = await h.client().get('/method-view');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'login_required' });
  });

  it('an OPTIONS preflight does not emit userUnauthorized, flash, or redirect even with a login view', async () => {
    const h = harness({ loginView: '/login' });
    const unauthorized = h.listen('userUnauthorized');
    const client = h.client();
    const response = await client.request('/method-view', { method: 'OPTIONS' });
    expect(response.status).toBe(200);
    expect(unauthorized).toEqual([]);
    expect(client.lastSetCookies).toEqual([]);
  });
});
