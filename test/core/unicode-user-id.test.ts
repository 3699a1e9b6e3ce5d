import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';

const MULLER_ID = '佐藤';

describe('a non-ASCII user id round-trips through the remember cookie (UnicodeCookieUserIDTestCase)', () => {
  it('Müller (id 佐藤) logs in with remember, loses the session cookie, and is restored as Müller', async () => {
    const h = createHarness();
    const client = h.client();
    const login = await client.get(`/login/${encodeURIComponent(MULLER_ID)}?remember=1`);
    expect(await login.json()).toEqual({ ok: true, name: 'Müller' });
    client.cookies.delete('session');
    const restored = h.listen('userLoadedFromCookie');
    expect(await (await client.get('/whoami')).json()).toEqual({
      name: 'Müller',
      fresh: false,
      remembered: true,
      source: 'remember',
    });
    expect(restored).toHaveLength(1);
    expect(restored[0]?.userId).toBe(MULLER_ID);
  });

  it('the remember cookie is plain ASCII and does not carry the user id', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get(`/login/${encodeURIComponent(MULLER_ID)}?remember=1`);
    const value = client.cookies.get('remember_token')?.value ?? '';
    expect(value).toMatch(/^[\x21-\x7e]+$/);
    expect(value).not.toContain(encodeURIComponent(MULLER_ID));
    expect(decodeURIComponent(value)).not.toContain(MULLER_ID);
  });

  it('the restored login keeps working on later requests', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get(`/login/${encodeURIComponent(MULLER_ID)}?remember=1`);
    client.cookies.delete('session');
    await client.get('/whoami');
    expect(await (await client.get('/secret')).text()).toBe('secret for Müller');
  });
});
