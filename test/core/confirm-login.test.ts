import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';

describe('confirmLogin', () => {
  it('confirmLogin() turns a remembered (non-fresh) session fresh; it stays remembered', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      fresh: false,
      remembered: true,
    });
    expect((await client.get('/sudo')).status).toBe(401);
    await client.get('/confirm');
    expect(await (await client.get('/whoami')).json()).toEqual({
      name: 'Notch',
      fresh: true,
      remembered: true,
      source: 'session',
    });
    expect((await client.get('/sudo')).status).toBe(200);
  });

  it('confirmLogin() moves the session to a new cookie value and the old one stops working', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?fresh=0');
    const before = client.cookies.get('session')?.value;
    await client.get('/confirm');
    const after = client.cookies.get('session')?.value;
    expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after).not.toBe(before);
    const replay = h.client({ cookie: `session=${before}` });
    expect(await (await replay.get('/whoami')).json()).toMatchObject({ name: null });
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Notch',
      fresh: true,
    });
  });

  it('confirmLogin() emits userLoginConfirmed once with the user', async () => {
    const h = createHarness();
    const seen = h.listen('userLoginConfirmed');
    const client = h.client();
    await client.get('/login/1?fresh=0');
    expect(seen).toHaveLength(0);
    await client.get('/confirm');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.user.name).toBe('Notch');
    expect(seen[0]?.userId).toBe('1');
  });

  it('confirmLogin() while anonymous does nothing and emits nothing', async () => {
    const h = createHarness();
    const seen = h.listen('userLoginConfirmed');
    const client = h.client();
    await client.get('/confirm');
    expect(seen).toHaveLength(0);
    expect(client.lastSetCookies).toEqual([]);
  });
});
