import { describe, expect, it } from 'vitest';
import type { ProtectionMode } from '../../src/core/config.js';
import { loginAs } from '../../src/testing/index.js';
import { createHarness } from '../support/harness.js';
import { notch } from '../support/users.js';

const BROWSER = { 'user-agent': 'Browser/1.0' };

describe('the testing helper loginAs (CustomTestClientTestCase)', () => {
  it('without loginAs, a client is anonymous', async () => {
    const h = createHarness();
    expect(await (await h.client(BROWSER).get('/whoami')).json()).toMatchObject({ name: null });
  });

  it('loginAs gives a cookie header that is logged in and fresh', async () => {
    const h = createHarness();
    const cookie = await loginAs(h.manager, notch);
    const response = await h.client({ ...BROWSER, cookie }).get('/whoami');
    expect(await response.json()).toEqual({
      name: 'Notch',
      fresh: true,
      remembered: false,
      source: 'session',
    });
  });

  it('loginAs with fresh: false gives a non-fresh login', async () => {
    const h = createHarness();
    const cookie = await loginAs(h.manager, notch, { fresh: false });
    const client = h.client({ ...BROWSER, cookie });
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Notch',
      fresh: false,
    });
    expect((await client.get('/sudo')).status).toBe(401);
  });

  it('loginAs with remember also issues a remember cookie that restores the login', async () => {
    const h = createHarness();
    const cookie = await loginAs(h.manager, notch, { remember: true });
    const remember = cookie.split('; ').find((pair) => pair.startsWith('remember_token='));
    expect(remember).toBeDefined();
    const response = await h.client({ ...BROWSER, cookie: remember ?? '' }).get('/whoami');
    expect(await response.json()).toMatchObject({ name: 'Notch', remembered: true, fresh: false });
  });

  it.each<ProtectionMode>(['off', 'basic', 'strong'])(
    'with protection %s, the loginAs cookie works on the first and following requests and stays fresh',
    async (protection) => {
      const h = createHarness({ protection });
      const cookie = await loginAs(h.manager, notch);
      const client = h.client({ ...BROWSER, cookie });
      for (let i = 0; i < 3; i++) {
        expect(await (await client.get('/whoami')).json()).toEqual({
          name: 'Notch',
          fresh: true,
          remembered: false,
          source: 'session',
        });
        expect((await client.get('/sudo')).status).toBe(200);
      }
    },
  );

  it('with protection basic, the loginAs session binds to its first client: another one makes it non-fresh', async () => {
    const h = createHarness({ protection: 'basic' });
    const cookie = await loginAs(h.manager, notch);
    await h.client({ ...BROWSER, cookie }).get('/whoami');
    const other = await h.client({ 'user-agent': 'Other/2.0', cookie }).get('/whoami');
    expect(await other.json()).toMatchObject({ name: 'Notch', fresh: false });
  });

  it('with protection strong, the loginAs session binds to its first client: another one is logged out', async () => {
    const h = createHarness({ protection: 'strong' });
    const cookie = await loginAs(h.manager, notch);
    await h.client({ ...BROWSER, cookie }).get('/whoami');
    const other = await h.client({ 'user-agent': 'Other/2.0', cookie }).get('/whoami');
    expect(await other.json()).toMatchObject({ name: null });
  });
});
