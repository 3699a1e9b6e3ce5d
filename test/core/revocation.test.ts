import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { isDeletion, setCookieNamed } from '../support/set-cookie.js';
import { createSocketApp } from '../support/socket-app.js';

/** The harness plus `/revoke-others` and `/renew`, which call the per-request revocation API. */
function revocationHarness(): Harness {
  return createHarness({}, (app) => {
    app.get('/revoke-others', async (c) =>
      c.json({ ended: await c.var.auth.revokeOtherSessions() }),
    );
    app.get('/renew', async (c) => {
      await c.var.auth.renewSession();
      return c.text('renewed');
    });
  });
}

async function nameOf(client: ReturnType<Harness['client']>): Promise<string | null> {
  const body = (await (await client.get('/whoami')).json()) as { name: string | null };
  return body.name;
}

describe('revocation API', () => {
  it('manager.revokeSession(id) logs that client out on its next request at once, despite the cache', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    // Warm the caches: the next request would otherwise be answered from memory.
    expect(await nameOf(client)).toBe('Notch');
    expect(await nameOf(client)).toBe('Notch');
    const [session] = await h.manager.listSessions('1');
    await h.manager.revokeSession(session?.id ?? '');
    // No clock movement: the cache must not outlive the revocation.
    expect(await nameOf(client)).toBeNull();
    expect(isDeletion(setCookieNamed(client.lastSetCookies, 'session'))).toBe(true);
  });

  it('manager.revokeSession(id) ends exactly the listed session', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    expect(await nameOf(client)).toBe('Notch');
    h.clock.advance(1_000);
    const other = h.client();
    await other.get('/login/1');
    const [newest] = await h.manager.listSessions('1');
    await h.manager.revokeSession(newest?.id ?? '');
    expect(await nameOf(other)).toBeNull();
    expect(await nameOf(client)).toBe('Notch');
  });

  it("manager.revokeUserSessions(userId) logs out all of that user's clients and kills remember tokens", async () => {
    const h = createHarness();
    const laptop = h.client();
    const phone = h.client();
    const steve = h.client();
    await laptop.get('/login/1?remember=1');
    await phone.get('/login/1');
    await steve.get('/login/2?remember=1');
    expect(await nameOf(laptop)).toBe('Notch');
    expect(await nameOf(phone)).toBe('Notch');
    expect(await h.manager.revokeUserSessions('1')).toBe(2);
    expect(await nameOf(phone)).toBeNull();
    expect(await nameOf(laptop)).toBeNull();
    laptop.closeBrowser();
    expect(await nameOf(laptop)).toBeNull();
    expect(await h.stores.tokens.listForUser('1', h.clock.now())).toEqual([]);
    expect(await nameOf(steve)).toBe('Steve');
  });

  it('revokeUserSessions with exceptSessionId keeps that one session', async () => {
    const h = createHarness();
    const kept = h.client();
    await kept.get('/login/1');
    h.clock.advance(1_000);
    const ended = h.client();
    await ended.get('/login/1');
    const [, oldest] = await h.manager.listSessions('1');
    const count = await h.manager.revokeUserSessions('1', { exceptSessionId: oldest?.id ?? '' });
    expect(count).toBe(1);
    expect(await nameOf(kept)).toBe('Notch');
    expect(await nameOf(ended)).toBeNull();
  });

  it('auth.revokeOtherSessions() keeps the current session and ends the others', async () => {
    const h = revocationHarness();
    const current = h.client();
    const other = h.client();
    const remembered = h.client();
    await current.get('/login/1?remember=1');
    await other.get('/login/1');
    await remembered.get('/login/1?remember=1');
    const response = await current.get('/revoke-others');
    expect(await response.json()).toEqual({ ended: 2 });
    // Every remember token went, this browser's too, so its cookie is cleared.
    expect(isDeletion(setCookieNamed(current.lastSetCookies, 'remember_token'))).toBe(true);
    expect(await nameOf(current)).toBe('Notch');
    expect(await nameOf(other)).toBeNull();
    remembered.closeBrowser();
    expect(await nameOf(remembered)).toBeNull();
  });

  it('auth.renewSession() changes the cookie value and keeps the login', async () => {
    const h = revocationHarness();
    const client = h.client();
    await client.get('/login/1');
    const before = client.cookies.get('session')?.value;
    await client.get('/renew');
    const after = client.cookies.get('session')?.value;
    expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after).not.toBe(before);
    expect(await (await client.get('/whoami')).json()).toMatchObject({
      name: 'Notch',
      fresh: true,
    });
    expect(await nameOf(h.client({ cookie: `session=${before}` }))).toBeNull();
  });

  it('manager.listSessions(userId) returns user agent, address, createdAt, lastSeenAt, newest first', async () => {
    const s = createSocketApp({ protection: 'basic' });
    const laptop = s.client('192.0.2.10', { 'user-agent': 'Firefox/120' });
    await laptop.get('/login/1');
    const loggedInAt = s.clock.now();
    s.clock.advance(60_000);
    const phone = s.client('198.51.100.20', { 'user-agent': 'Safari/17' });
    await phone.get('/login/1');
    s.clock.advance(5 * 60_000);
    await laptop.get('/whoami');

    const sessions = await s.manager.listSessions('1');
    expect(sessions.map((session) => [session.userAgent, session.address])).toEqual([
      ['Safari/17', '198.51.100.20'],
      ['Firefox/120', '192.0.2.10'],
    ]);
    expect(sessions[0]).toMatchObject({
      createdAt: loggedInAt + 60_000,
      lastSeenAt: loggedInAt + 60_000,
    });
    expect(sessions[1]).toMatchObject({ createdAt: loggedInAt, lastSeenAt: s.clock.now() });
    // The ids are not the cookie values, but they revoke the right session.
    const cookies = [laptop.cookies.get('session')?.value, phone.cookies.get('session')?.value];
    for (const session of sessions) expect(cookies).not.toContain(session.id);
    await s.manager.revokeSession(sessions[1]?.id ?? '');
    expect(await (await laptop.get('/whoami')).json()).toMatchObject({ name: null });
    expect(await (await phone.get('/whoami')).json()).toMatchObject({ name: 'Notch' });
  });

  it('manager.listSessions(userId) leaves out ended and expired sessions', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    await client.get('/logout');
    const idle = h.client();
    await idle.get('/login/1');
    h.clock.advance(24 * 3_600_000 + 1);
    expect(await h.manager.listSessions('1')).toEqual([]);
  });
});
