import { describe, expect, it } from 'vitest';
import { loginRequired } from '../../src/adapters/hono.js';
import { createHarness } from '../support/harness.js';
import type { TestUser } from '../support/users.js';

const onlyNotch = (user: TestUser) => user.name === 'Notch';

function harness() {
  return createHarness({ loginView: '/login' }, (app) => {
    app.get('/admin', loginRequired<TestUser>({ authorize: onlyNotch }), (c) => c.text('admin'));
    app.get(
      '/admin-async',
      loginRequired<TestUser>({ authorize: async (user) => onlyNotch(user) }),
      (c) => c.text('admin'),
    );
    app.get(
      '/admin-custom',
      loginRequired<TestUser>({
        authorize: onlyNotch,
        onForbidden: (c, outcome) => c.text(`no: ${outcome.reason}`, 403),
      }),
      (c) => c.text('admin'),
    );
  });
}

describe('permission guards (authorize)', () => {
  it('a logged-in user the check refuses gets 403 {"error":"forbidden"}', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/login/2');
    const response = await client.get('/admin');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'forbidden' });
  });

  it('a user the check accepts reaches the handler, also with an async check', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/login/1');
    expect(await (await client.get('/admin')).text()).toBe('admin');
    expect(await (await client.get('/admin-async')).text()).toBe('admin');
  });

  it('an anonymous visitor is sent to log in first, not told 403', async () => {
    const h = harness();
    const response = await h.client().get('/admin');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?next=%2Fadmin');
  });

  it('a custom onForbidden handler answers instead', async () => {
    const h = harness();
    const client = h.client();
    await client.get('/login/2');
    const response = await client.get('/admin-custom');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('no: forbidden');
  });
});
