import { describe, expect, it, vi } from 'vitest';
import { createHarness } from '../support/harness.js';

const SESSION_WRITES = ['create', 'update', 'delete', 'deleteForUser'] as const;
const TOKEN_WRITES = ['create', 'rotate', 'touch', 'delete', 'deleteForUser'] as const;

/** Spies on every writing method of the session store. */
function spyOnWrites(h: ReturnType<typeof createHarness>) {
  return SESSION_WRITES.map((name) => vi.spyOn(h.stores.sessions, name));
}

describe('a request that does nothing leaves the session unmodified', () => {
  it('a logged-in request to /whoami sets no cookie and writes nothing to the store', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const spies = spyOnWrites(h);
    const response = await client.get('/whoami');
    expect(await response.json()).toMatchObject({ name: 'Notch' });
    expect(client.lastSetCookies).toEqual([]);
    expect(response.headers.get('cache-control')).toBeNull();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('a remembered login with its session cookie writes no session and no token on a plain request', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1?remember=1');
    const spies = [
      ...spyOnWrites(h),
      ...TOKEN_WRITES.map((name) => vi.spyOn(h.stores.tokens, name)),
    ];
    const response = await client.get('/whoami');
    expect(await response.json()).toMatchObject({ name: 'Notch', source: 'session' });
    expect(client.lastSetCookies).toEqual([]);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('requests within the touch interval stay write-free', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const spies = spyOnWrites(h);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(10_000);
      await client.get('/whoami');
      expect(client.lastSetCookies).toEqual([]);
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('after the touch interval, one request records lastSeen with a single update and still sets no cookie', async () => {
    const h = createHarness();
    const client = h.client();
    await client.get('/login/1');
    const [create, update, ...others] = spyOnWrites(h);
    h.clock.advance(61_000);
    await client.get('/whoami');
    await client.get('/whoami');
    expect(update).toHaveBeenCalledTimes(1);
    expect(update?.mock.calls[0]?.[1]).toStrictEqual({
      lastSeenAt: h.clock.now(),
      expiresAt: expect.any(Number),
    });
    expect(create).not.toHaveBeenCalled();
    for (const spy of others) expect(spy).not.toHaveBeenCalled();
    expect(client.lastSetCookies).toEqual([]);
  });

  it('an anonymous request to /whoami sets no cookie and creates no session', async () => {
    const h = createHarness();
    const client = h.client();
    const spies = spyOnWrites(h);
    await client.get('/whoami');
    expect(client.lastSetCookies).toEqual([]);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
