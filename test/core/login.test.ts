import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';

describe('login', () => {
  it('a fresh client is anonymous', async () => {
    const h = createHarness();
    const body = await (await h.client().get('/whoami')).json();
    expect(body).toEqual({ name: null, fresh: false, remembered: false, source: null });
  });

  it('login() returns true, sets the current user and marks the login fresh', async () => {
    const h = createHarness();
    const client = h.client();
    const body = await (await client.get('/login/1')).json();
    expect(body).toEqual({ ok: true, name: 'Notch' });
    const who = await (await client.get('/whoami')).json();
    expect(who).toEqual({ name: 'Notch', fresh: true, remembered: false, source: 'session' });
  });

  it('login({ fresh: false }) logs in with a non-fresh login', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?fresh=0');
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Notch',
      fresh: false,
    });
  });

  it('login() emits userLoggedIn once with the user', async () => {
    const h = createHarness();
    const seen = h.listen('userLoggedIn');
    await h.client().get('/login/1');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.user.name).toBe('Notch');
    expect(seen[0]?.userId).toBe('1');
  });

  it('an inactive user is refused and stays anonymous', async () => {
    const h = createHarness();
    const client = h.client();
    expect(await (await client.get('/login/3')).json()).toEqual({ ok: false, name: null });
    expect(client.cookies.has('session')).toBe(false);
  });

  it('force logs in an inactive user', async () => {
    const h = createHarness({ endInactiveSessions: false });
    const client = h.client();
    expect(await (await client.get('/login/3?force=1')).json()).toEqual({
      ok: true,
      name: 'Creeper',
    });
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: 'Creeper' });
  });

  it('a login persists across requests', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/2');
    for (let i = 0; i < 3; i++) {
      expect(await (await client.get('/whoami')).json()).toMatchObject({ name: 'Steve' });
    }
  });

  it('the session cookie is HttpOnly, SameSite=Lax and has no expiry', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const line = client.lastSetCookies.find((l) => l.startsWith('session='));
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).not.toMatch(/Expires|Max-Age/i);
  });

  it('the store keeps only the hash of the session cookie', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const secret = client.cookies.get('session')?.value ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [session] = await h.stores.sessions.listForUser('1', h.clock.now());
    expect(session?.id).not.toBe(secret);
    expect(JSON.stringify(session)).not.toContain(secret);
  });

  it('a new login replaces the session id and ends the old session (fixation)', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const first = client.cookies.get('session')?.value;
    await client.get('/login/2');
    const second = client.cookies.get('session')?.value;
    expect(second).not.toBe(first);
    const replay = h.client({ cookie: `session=${first}` });
    expect(await (await replay.get('/whoami')).json()).toMatchObject({ name: null });
  });

  it('a userLoader returning null makes the user anonymous and drops the session', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/2');
    h.users.delete('2');
    await h.manager.invalidateUser('2');
    expect(await (await client.get('/whoami')).json()).toMatchObject({ name: null });
    expect(client.cookies.has('session')).toBe(false);
    expect(await h.stores.sessions.listForUser('2', h.clock.now())).toEqual([]);
  });
});
