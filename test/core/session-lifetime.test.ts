import { describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { isDeletion, setCookieNamed } from '../support/set-cookie.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

async function nameOf(client: ReturnType<Harness['client']>): Promise<string | null> {
  const body = (await (await client.get('/whoami')).json()) as { name: string | null };
  return body.name;
}

describe('session ids change on every privilege change (fixation)', () => {
  it('the session cookie value changes at login and the old value stops working at once', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const first = client.cookies.get('session')?.value;
    await client.get('/login/1');
    const second = client.cookies.get('session')?.value;
    expect(second).not.toBe(first);
    expect(await nameOf(h.client({ cookie: `session=${first}` }))).toBeNull();
    expect(await nameOf(client)).toBe('Notch');
  });

  it('a login ends a session an attacker planted before it (the pre-login value dies)', async () => {
    const h = createHarness();
    const attacker = h.client();
    await attacker.get('/login/2');
    const planted = attacker.cookies.get('session')?.value;
    const victim = h.client({ cookie: `session=${planted}` });
    await victim.get('/login/1');
    const issued = setCookieNamed(victim.lastSetCookies, 'session')?.value;
    expect(issued).not.toBe(planted);
    expect(await nameOf(h.client({ cookie: `session=${issued}` }))).toBe('Notch');
    expect(await nameOf(attacker)).toBeNull();
  });

  it('the session cookie value changes at confirmLogin and the old value stops working at once', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?fresh=0');
    const before = client.cookies.get('session')?.value;
    await client.get('/confirm');
    expect(client.cookies.get('session')?.value).not.toBe(before);
    expect(await nameOf(h.client({ cookie: `session=${before}` }))).toBeNull();
  });

  it('the session cookie value changes at a remember restore', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    const before = client.cookies.get('session')?.value;
    client.closeBrowser();
    await client.get('/whoami');
    const restored = client.cookies.get('session')?.value;
    expect(restored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(restored).not.toBe(before);
  });
});

describe('idle and absolute timeouts', () => {
  it('the default idle timeout ends a session after 24 h + 1 ms without requests', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    h.clock.advance(DAY - 1);
    expect(await nameOf(client)).toBe('Notch');
    h.clock.advance(DAY + 1);
    expect(await nameOf(client)).toBeNull();
    expect(isDeletion(setCookieNamed(client.lastSetCookies, 'session'))).toBe(true);
  });

  it('requests every 30 minutes keep the session alive past 24 h, and lastSeen moves with them', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    for (let i = 0; i < 60; i++) {
      h.clock.advance(30 * MINUTE);
      expect(await nameOf(client)).toBe('Notch');
    }
    const [session] = await h.manager.listSessions('1');
    expect(session?.lastSeenAt).toBe(h.clock.now());
    expect(session?.createdAt).toBe(h.clock.now() - 30 * HOUR);
  });

  it('the default absolute timeout ends an active session 7 days after login', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    for (let hour = 1; hour < 7 * 24; hour++) {
      h.clock.advance(HOUR);
      expect(await nameOf(client)).toBe('Notch');
    }
    h.clock.advance(HOUR);
    expect(await nameOf(client)).toBeNull();
  });

  it('custom timeouts are honoured (idle 10 min, absolute 1 h)', async () => {
    const h = createHarness({ session: { idleTimeout: { minutes: 10 }, absoluteTimeout: 3600 } });
    const idle = h.client();
    await idle.get('/login/1');
    h.clock.advance(10 * MINUTE + 1);
    expect(await nameOf(idle)).toBeNull();

    const busy = h.client();
    await busy.get('/login/2');
    for (let step = 1; step < 12; step++) {
      h.clock.advance(5 * MINUTE);
      expect(await nameOf(busy)).toBe('Steve');
    }
    h.clock.advance(5 * MINUTE);
    expect(await nameOf(busy)).toBeNull();
  });

  it('an expired session is deleted from the store', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const [session] = await h.manager.listSessions('1');
    if (!session) throw new Error('no session');
    h.clock.advance(DAY + 1);
    expect(await h.stores.sessions.get(session.id)).not.toBeNull();
    await client.get('/whoami');
    expect(await h.stores.sessions.get(session.id)).toBeNull();
  });
});

describe('lastSeen is written at most once a minute', () => {
  it('ten requests within 59 s write nothing; the first after 60 s writes once', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const touch = vi.spyOn(h.stores.sessions, 'update');
    for (let i = 0; i < 10; i++) {
      h.clock.advance(5_900);
      await client.get('/whoami');
    }
    expect(touch).not.toHaveBeenCalled();
    h.clock.advance(1_000);
    await client.get('/whoami');
    await client.get('/whoami');
    expect(touch).toHaveBeenCalledTimes(1);
    expect(touch.mock.calls[0]?.[1]).toMatchObject({ lastSeenAt: h.clock.now() });
  });
});
