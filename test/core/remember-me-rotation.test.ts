import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { isDeletion, setCookieNamed } from '../support/set-cookie.js';

const DAY = 86_400_000;

/** Logs Notch in with remember-me and returns the client and its remember cookie value. */
async function rememberedClient(h: Harness) {
  const client = h.client();
  await client.get('/login/1?remember=1');
  const value = client.cookies.get('remember_token')?.value ?? '';
  return { client, value, selector: value.split('.')[0] ?? '' };
}

function whoamiWith(h: Harness, cookie: string) {
  return h.app.request('/whoami', { headers: { cookie } });
}

describe('remember-me rotation', () => {
  it('restoring gives a new session id and rotates the validator (the selector stays)', async () => {
    const h = createHarness();
    const { client, value, selector } = await rememberedClient(h);
    const firstSession = client.cookies.get('session')?.value;
    h.clock.advance(DAY);
    client.closeBrowser();
    await client.get('/whoami');
    const restoredSession = setCookieNamed(client.lastSetCookies, 'session')?.value;
    expect(restoredSession).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(restoredSession).not.toBe(firstSession);
    const rotated = setCookieNamed(client.lastSetCookies, 'remember_token')?.value ?? '';
    expect(rotated).not.toBe(value);
    expect(rotated.split('.')[0]).toBe(selector);
    // The rotated cookie keeps the token's remaining lifetime, not a new 30 days.
    expect(setCookieNamed(client.lastSetCookies, 'remember_token')?.attributes['max-age']).toBe(
      String(29 * 86_400),
    );
  });

  it('two parallel restores with the same old remember cookie both succeed (grace window)', async () => {
    const h = createHarness();
    const theft = h.listen('rememberTokenTheft');
    const { value } = await rememberedClient(h);
    const cookie = `remember_token=${value}`;
    const responses = await Promise.all([whoamiWith(h, cookie), whoamiWith(h, cookie)]);
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(bodies).toEqual([
      { name: 'Notch', fresh: false, remembered: true, source: 'remember' },
      { name: 'Notch', fresh: false, remembered: true, source: 'remember' },
    ]);
    expect(theft).toHaveLength(0);
    // Exactly one of them carries the rotated validator.
    const rotations = responses.filter(
      (response) =>
        setCookieNamed(response.headers.getSetCookie(), 'remember_token')?.value !== undefined,
    );
    expect(rotations).toHaveLength(1);
  });

  it('the old value replayed within the grace window (< 30 s) still restores', async () => {
    const h = createHarness();
    const theft = h.listen('rememberTokenTheft');
    const { client, value } = await rememberedClient(h);
    client.closeBrowser();
    await client.get('/whoami');
    h.clock.advance(29_000);
    const late = await whoamiWith(h, `remember_token=${value}`);
    expect(await late.json()).toMatchObject({ name: 'Notch', source: 'remember' });
    expect(theft).toHaveLength(0);
    // The browser that rotated keeps working too.
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: 'Notch' });
  });

  it('the old value replayed after the grace window is treated as theft', async () => {
    const h = createHarness();
    const theft = h.listen('rememberTokenTheft');
    const { client, value } = await rememberedClient(h);
    client.closeBrowser();
    await client.get('/whoami');
    h.clock.advance(31_000);
    const replay = await whoamiWith(h, `remember_token=${value}`);
    expect(await replay.json()).toMatchObject({ name: null });
    expect(theft).toHaveLength(1);
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
  });
});

describe('remember-me theft', () => {
  it('a known selector with a wrong validator ends every session and token of that user', async () => {
    const h = createHarness();
    const theft = h.listen('rememberTokenTheft');
    const { selector } = await rememberedClient(h);
    const laptop = h.client();
    await laptop.get('/login/1?remember=1');
    const phone = h.client();
    await phone.get('/login/1');
    const bystander = h.client();
    await bystander.get('/login/2?remember=1');

    const forged = h.client({ cookie: `remember_token=${selector}.${'A'.repeat(43)}` });
    const response = await forged.get('/whoami');
    expect(await response.json()).toMatchObject({ name: null });
    expect(isDeletion(setCookieNamed(forged.lastSetCookies, 'remember_token'))).toBe(true);

    expect(theft).toHaveLength(1);
    expect(theft[0]?.userId).toBe('1');
    expect(await h.stores.sessions.listForUser('1', h.clock.now())).toEqual([]);
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toEqual([]);
    // Other clients of that user are out at once, even with their remember cookies.
    expect(await (await phone.get('/whoami')).json()).toMatchObject({ name: null });
    expect(await (await laptop.get('/whoami')).json()).toMatchObject({ name: null });
    laptop.closeBrowser();
    expect(await (await laptop.get('/whoami')).json()).toMatchObject({ name: null });
    // Another user is untouched.
    expect(await (await bystander.get('/whoami')).json()).toMatchObject({ name: 'Steve' });
  });

  it.each([
    ['"foo"', () => 'foo'],
    ['a right-shaped but unknown selector', () => `${'B'.repeat(22)}.${'C'.repeat(43)}`],
  ])(
    'a tampered remember cookie (%s) with no session → anonymous and the cookie is cleared',
    async (_label, value) => {
      const h = createHarness();
      const theft = h.listen('rememberTokenTheft');
      const client = h.client({ cookie: `remember_token=${value()}` });
      expect(await (await client.get('/whoami')).json()).toEqual({
        name: null,
        fresh: false,
        remembered: false,
        source: null,
      });
      expect(isDeletion(setCookieNamed(client.lastSetCookies, 'remember_token'))).toBe(true);
      expect(theft).toHaveLength(0);
    },
  );
});

describe('an invalid remember cookie and the request loader', () => {
  it('a tampered remember cookie falls back to the request loader and is cleared', async () => {
    const h = createHarness({
      requestLoader: (request) => h.users.get(request.header('x-api-user') ?? '') ?? null,
    });
    const client = h.client({ cookie: 'remember_token=foo', 'x-api-user': '2' });
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Steve',
      source: 'request',
    });
    expect(isDeletion(setCookieNamed(client.lastSetCookies, 'remember_token'))).toBe(true);
  });
});

describe('stale and expired remember cookies', () => {
  it('logging in as another user clears a stale remember cookie of the first user', async () => {
    const h = createHarness();
    const { client, value } = await rememberedClient(h);
    await client.get('/login/2');
    expect(isDeletion(setCookieNamed(client.lastSetCookies, 'remember_token'))).toBe(true);
    expect(client.cookies.has('remember_token')).toBe(false);
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
    expect(await (await whoamiWith(h, `remember_token=${value}`)).json()).toMatchObject({
      name: null,
    });
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toEqual([]);
  });

  it('logging in as another user with remember replaces the stale remember cookie', async () => {
    const h = createHarness();
    const { client, value, selector } = await rememberedClient(h);
    await client.get('/login/2?remember=1');
    const replaced = setCookieNamed(client.lastSetCookies, 'remember_token')?.value ?? '';
    expect(replaced.split('.')[0]).not.toBe(selector);
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: 'Steve' });
    expect(await (await whoamiWith(h, `remember_token=${value}`)).json()).toMatchObject({
      name: null,
    });
  });

  it('an expired remember token (past 30 days) leaves the client anonymous', async () => {
    const h = createHarness();
    const { client } = await rememberedClient(h);
    h.clock.advance(30 * DAY + 1);
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
    expect(isDeletion(setCookieNamed(client.lastSetCookies, 'remember_token'))).toBe(true);
  });

  it('a remember token one minute before its expiry still restores', async () => {
    const h = createHarness();
    const { client } = await rememberedClient(h);
    h.clock.advance(30 * DAY - 60_000);
    client.closeBrowser();
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: 'Notch' });
  });
});
