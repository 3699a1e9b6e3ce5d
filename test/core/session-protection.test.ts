import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';
import { isDeletion, parseSetCookie, setCookieNamed } from '../support/set-cookie.js';
import { createSocketApp } from '../support/socket-app.js';

const FIREFOX = { 'user-agent': 'Firefox/120' };
const CHROME = { 'user-agent': 'Chrome/120' };

describe('session protection: basic', () => {
  it('basic: successive requests from the same client stay logged in and fresh', async () => {
    const h = createHarness({ protection: 'basic' });
    const seen = h.listen('sessionProtected');
    const client = h.client(FIREFOX);
    await client.get('/login/1');
    for (let i = 0; i < 3; i++) {
      expect(await (await client.get('/whoami')).json()).toMatchObject({
        name: 'Notch',
        fresh: true,
      });
    }
    expect(seen).toHaveLength(0);
  });

  it('basic: a different User-Agent keeps the user but makes the login non-fresh, emitting sessionProtected once', async () => {
    const h = createHarness({ protection: 'basic' });
    const seen = h.listen('sessionProtected');
    const client = h.client(FIREFOX);
    await client.get('/login/1');
    const moved = await client.get('/whoami', CHROME);
    expect(await moved.json()).toMatchObject({ name: 'Notch', fresh: false });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ mode: 'basic', userId: '1' });
    // The session now belongs to the new client: no second event.
    expect(await (await client.get('/whoami', CHROME)).json()).toMatchObject({
      name: 'Notch',
      fresh: false,
    });
    expect(seen).toHaveLength(1);
    expect((await client.get('/sudo', CHROME)).status).toBe(401);
  });

  it.each(['basic', 'strong'] as const)(
    '%s: a restore from the remember cookie into an empty session does not emit sessionProtected',
    async (protection) => {
      const h = createHarness({ protection });
      const seen = h.listen('sessionProtected');
      const client = h.client(FIREFOX);
      await client.get('/login/1?remember=1');
      client.closeBrowser();
      expect(await (await client.get('/whoami')).json()).toMatchObject({
        name: 'Notch',
        source: 'remember',
      });
      expect(await (await client.get('/whoami')).json()).toMatchObject({
        name: 'Notch',
        source: 'session',
      });
      expect(seen).toHaveLength(0);
    },
  );

  it('basic, anonymous: no userAccessed on routes not touching the user, no sessionProtected, no cookies', async () => {
    const h = createHarness({ protection: 'basic' });
    const accessed = h.listen('userAccessed');
    const seen = h.listen('sessionProtected');
    const client = h.client(FIREFOX);
    await client.get('/static/x');
    expect(accessed).toHaveLength(0);
    await client.get('/whoami', CHROME);
    expect(client.lastSetCookies).toEqual([]);
    expect(seen).toHaveLength(0);
    expect(client.cookies.size).toBe(0);
  });
});

describe('session protection: strong', () => {
  it('strong: successive requests from the same client stay logged in and fresh', async () => {
    const h = createHarness({ protection: 'strong' });
    const client = h.client(FIREFOX);
    await client.get('/login/1');
    for (let i = 0; i < 3; i++) {
      expect(await (await client.get('/whoami')).json()).toMatchObject({
        name: 'Notch',
        fresh: true,
      });
    }
  });

  it('strong: a UA change logs the user out, ends the session and the remember token, emits sessionProtected', async () => {
    const h = createHarness({ protection: 'strong' });
    const seen = h.listen('sessionProtected');
    const client = h.client(FIREFOX);
    await client.get('/login/1?remember=1');
    const remember = client.cookies.get('remember_token')?.value;
    client.cookies.set('theme', { value: 'dark', attributes: {}, raw: 'theme=dark' });
    expect(await (await client.get('/whoami', CHROME)).json()).toMatchObject({ name: null });
    // Only Latchkey's own cookies are touched; the app's other cookies stay.
    const touched = client.lastSetCookies.map((line) => parseSetCookie(line).name).sort();
    expect(touched).toEqual(['remember_token', 'session']);
    expect(client.cookies.get('theme')?.value).toBe('dark');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ mode: 'strong', userId: '1' });
    expect(isDeletion(setCookieNamed(client.lastSetCookies, 'session'))).toBe(true);
    expect(isDeletion(setCookieNamed(client.lastSetCookies, 'remember_token'))).toBe(true);
    expect(await h.stores.sessions.listForUser('1', h.clock.now())).toEqual([]);
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toEqual([]);
    // Replaying the remember cookie from the original browser fails: the token is revoked.
    const replay = h.client({ ...FIREFOX, cookie: `remember_token=${remember}` });
    expect(await (await replay.get('/whoami')).json()).toMatchObject({ name: null });
    expect(await (await client.get('/whoami', FIREFOX)).json()).toMatchObject({ name: null });
  });

  it('strong + remember: the request after a restore (the second request) stays logged in', async () => {
    const h = createHarness({ protection: 'strong' });
    const seen = h.listen('sessionProtected');
    const client = h.client(FIREFOX);
    await client.get('/login/1?remember=1');
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({ source: 'remember' });
    for (let i = 0; i < 3; i++) {
      expect(await (await client.get('/whoami')).json()).toMatchObject({
        name: 'Notch',
        remembered: true,
        source: 'session',
      });
    }
    expect(seen).toHaveLength(0);
  });

  it('strong: a restore binds to the restoring client, so a later UA change still ends it', async () => {
    const h = createHarness({ protection: 'strong' });
    const client = h.client(FIREFOX);
    await client.get('/login/1?remember=1');
    client.closeBrowser();
    await client.get('/whoami');
    expect(await (await client.get('/whoami', CHROME)).json()).toMatchObject({ name: null });
  });
});

describe('session protection: off', () => {
  it('protection off, anonymous: no userAccessed on routes not touching the user, no sessionProtected, no cookies', async () => {
    const h = createHarness({ protection: 'off' });
    const accessed = h.listen('userAccessed');
    const seen = h.listen('sessionProtected');
    const client = h.client(FIREFOX);
    await client.get('/static/x');
    expect(accessed).toHaveLength(0);
    expect(client.lastSetCookies).toEqual([]);
    await client.get('/whoami', CHROME);
    expect(client.lastSetCookies).toEqual([]);
    expect(seen).toHaveLength(0);
  });

  it('protection off: a UA change keeps the login fresh and emits nothing', async () => {
    const h = createHarness({ protection: 'off' });
    const seen = h.listen('sessionProtected');
    const client = h.client(FIREFOX);
    await client.get('/login/1');
    expect(await (await client.get('/whoami', CHROME)).json()).toMatchObject({
      name: 'Notch',
      fresh: true,
    });
    expect(seen).toHaveLength(0);
  });
});

describe('session protection reads the client address through the trusted-proxy setting', () => {
  it('with trustProxy false an X-Forwarded-For change does not trip protection', async () => {
    const s = createSocketApp({ protection: 'basic', trustProxy: false });
    const seen = s.listen('sessionProtected');
    const client = s.client('10.0.0.1', FIREFOX);
    await client.get('/login/1', { 'x-forwarded-for': '198.51.100.1' });
    const body = await (await client.get('/whoami', { 'x-forwarded-for': '203.0.113.9' })).json();
    expect(body).toMatchObject({ name: 'Notch', fresh: true, address: '10.0.0.1' });
    expect(seen).toHaveLength(0);
  });

  it('with trustProxy false a socket address change does trip basic protection', async () => {
    const s = createSocketApp({ protection: 'basic', trustProxy: false });
    const seen = s.listen('sessionProtected');
    const client = s.client('10.0.0.1', FIREFOX);
    await client.get('/login/1');
    const body = await (await client.get('/whoami', { 'x-test-remote': '10.0.0.2' })).json();
    expect(body).toMatchObject({ name: 'Notch', fresh: false, address: '10.0.0.2' });
    expect(seen).toHaveLength(1);
  });

  it('with trustProxy 1 an X-Forwarded-For change trips basic protection', async () => {
    const s = createSocketApp({ protection: 'basic', trustProxy: 1 });
    const seen = s.listen('sessionProtected');
    const client = s.client('10.0.0.1', FIREFOX);
    await client.get('/login/1', { 'x-forwarded-for': '198.51.100.1' });
    const body = await (await client.get('/whoami', { 'x-forwarded-for': '203.0.113.9' })).json();
    expect(body).toMatchObject({ name: 'Notch', fresh: false, address: '203.0.113.9' });
    expect(seen).toHaveLength(1);
  });

  it('with trustProxy 1 an X-Forwarded-For change under strong logs the user out', async () => {
    const s = createSocketApp({ protection: 'strong', trustProxy: 1 });
    const seen = s.listen('sessionProtected');
    const client = s.client('10.0.0.1', FIREFOX);
    await client.get('/login/1', { 'x-forwarded-for': '198.51.100.1' });
    const body = await (await client.get('/whoami', { 'x-forwarded-for': '203.0.113.9' })).json();
    expect(body).toMatchObject({ name: null });
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['one X-Forwarded-For value', '198.51.100.1', '198.51.100.1'],
    ['many X-Forwarded-For values', '192.0.2.7, 198.51.100.1', '198.51.100.1'],
  ])(
    'strong: a login persists with %s, unchanged between requests',
    async (_label, forwarded, seenAs) => {
      const s = createSocketApp({ protection: 'strong', trustProxy: 1 });
      const seen = s.listen('sessionProtected');
      const client = s.client('10.0.0.1', { ...FIREFOX, 'x-forwarded-for': forwarded });
      await client.get('/login/1');
      for (let i = 0; i < 3; i++) {
        expect(await (await client.get('/whoami')).json()).toMatchObject({
          name: 'Notch',
          fresh: true,
          address: seenAs,
        });
      }
      expect(seen).toHaveLength(0);
    },
  );
});
