import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { parseSetCookie, setCookiesNamed } from '../support/set-cookie.js';
import { notch, steve } from '../support/users.js';

/** The harness plus `/flip`: login as Notch, logout, login as Steve, in one handler. */
function flipHarness(): Harness {
  return createHarness({}, (app) => {
    app.get('/flip', async (c) => {
      const auth = c.var.auth;
      await auth.login(notch, { remember: true });
      await auth.logout();
      await auth.login(steve, { remember: c.req.query('remember') === '1' });
      return c.text('flipped');
    });
  });
}

describe('cookies are written once, when the response leaves', () => {
  it('login, logout, login again in one handler gives exactly one Set-Cookie per cookie name', async () => {
    const h = flipHarness();
    const client = h.client();
    await client.get('/flip?remember=1');
    const names = client.lastSetCookies.map((line) => parseSetCookie(line).name);
    expect(names.sort()).toEqual(['remember_token', 'session']);
    expect(setCookiesNamed(client.lastSetCookies, 'session')).toHaveLength(1);
    expect(setCookiesNamed(client.lastSetCookies, 'remember_token')).toHaveLength(1);
    // The one written is the last intent: Steve, remembered.
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: 'Steve' });
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Steve',
      source: 'remember',
    });
  });

  it('the intermediate login leaves nothing behind: no session or token for the first user', async () => {
    const h = flipHarness();
    const client = h.client();
    await client.get('/flip');
    expect(await h.stores.sessions.listForUser('1', h.clock.now())).toEqual([]);
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toEqual([]);
    // Without remember on the last login, the remember cookie is written once, as a deletion.
    const [remember] = setCookiesNamed(client.lastSetCookies, 'remember_token');
    expect(setCookiesNamed(client.lastSetCookies, 'remember_token')).toHaveLength(1);
    expect(remember?.attributes['max-age']).toBe('0');
  });
});
