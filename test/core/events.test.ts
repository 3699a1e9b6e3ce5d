import { describe, expect, it } from 'vitest';
import type { LatchkeyEvents } from '../../src/core/events.js';
import { createHarness } from '../support/harness.js';
import type { TestUser } from '../support/users.js';

type EventName = keyof LatchkeyEvents<TestUser>;

/** Every event name; a new event fails to compile here until the walk below covers it. */
const EVERY_EVENT: Record<EventName, true> = {
  userLoggedIn: true,
  userLoggedOut: true,
  userLoadedFromCookie: true,
  userLoadedFromRequest: true,
  userLoginConfirmed: true,
  userUnauthorized: true,
  userNeedsRefresh: true,
  userAccessed: true,
  sessionProtected: true,
  rememberTokenTheft: true,
  secondFactorRequired: true,
  secondFactorCompleted: true,
  secondFactorRejected: true,
};

describe('typed events', () => {
  it('an end-to-end walk fires every event, each exactly once where expected', async () => {
    const h = createHarness({
      protection: 'basic',
      requestLoader: (request) => h.users.get(request.header('x-api-user') ?? '') ?? null,
    });
    const fired: EventName[] = [];
    const payloads = new Map<EventName, unknown[]>();
    for (const name of Object.keys(EVERY_EVENT) as EventName[]) {
      h.manager.on(name, (payload) => {
        fired.push(name);
        payloads.set(name, [...(payloads.get(name) ?? []), payload]);
      });
    }
    const step = async (action: () => Promise<unknown>): Promise<EventName[]> => {
      fired.length = 0;
      await action();
      return [...fired];
    };
    const browser = h.client({ 'user-agent': 'Firefox/120' });

    expect(await step(() => browser.get('/static/x'))).toEqual([]);
    expect(await step(() => browser.get('/secret'))).toEqual(['userAccessed', 'userUnauthorized']);
    expect(await step(() => browser.get('/login/1?remember=1'))).toEqual(['userLoggedIn']);
    browser.closeBrowser();
    expect(await step(() => browser.get('/whoami'))).toEqual([
      'userAccessed',
      'userLoadedFromCookie',
    ]);
    expect(await step(() => browser.get('/sudo'))).toEqual(['userAccessed', 'userNeedsRefresh']);
    expect(await step(() => browser.get('/confirm'))).toEqual([
      'userAccessed',
      'userLoginConfirmed',
    ]);
    expect(await step(() => browser.get('/sudo'))).toEqual(['userAccessed']);
    expect(await step(() => browser.get('/whoami', { 'user-agent': 'Chrome/120' }))).toEqual([
      'userAccessed',
      'sessionProtected',
    ]);
    expect(await step(() => browser.get('/logout'))).toEqual(['userLoggedOut']);
    expect(await step(() => browser.get('/password/2'))).toEqual(['secondFactorRequired']);
    expect(await step(() => browser.get('/second-factor?code=bad'))).toEqual([
      'secondFactorRejected',
    ]);
    expect(await step(() => browser.get('/second-factor?code=good'))).toEqual([
      'userLoggedIn',
      'secondFactorCompleted',
    ]);

    const api = h.client({ 'x-api-user': '2' });
    expect(await step(() => api.get('/whoami'))).toEqual(['userAccessed', 'userLoadedFromRequest']);

    const victim = h.client();
    await victim.get('/login/1?remember=1');
    const selector = victim.cookies.get('remember_token')?.value.split('.')[0];
    const thief = h.client({ cookie: `remember_token=${selector}.${'A'.repeat(43)}` });
    expect(await step(() => thief.get('/whoami'))).toEqual(['userAccessed', 'rememberTokenTheft']);

    // Every event fired at least once over the walk, and carried what it promises.
    expect([...payloads.keys()].sort()).toEqual(Object.keys(EVERY_EVENT).sort());
    expect(payloads.get('userLoggedIn')?.[0]).toMatchObject({
      userId: '1',
      remember: true,
      fresh: true,
    });
    expect(payloads.get('userLoggedOut')).toEqual([
      expect.objectContaining({ userId: '1', user: expect.objectContaining({ name: 'Notch' }) }),
    ]);
    expect(payloads.get('userLoadedFromCookie')).toEqual([
      expect.objectContaining({ userId: '1' }),
    ]);
    expect(payloads.get('userLoadedFromRequest')).toEqual([
      expect.objectContaining({ user: expect.objectContaining({ name: 'Steve' }) }),
    ]);
    expect(payloads.get('userLoginConfirmed')).toEqual([expect.objectContaining({ userId: '1' })]);
    expect(payloads.get('userNeedsRefresh')).toHaveLength(1);
    expect(payloads.get('userUnauthorized')).toHaveLength(1);
    expect(payloads.get('sessionProtected')).toEqual([
      expect.objectContaining({ mode: 'basic', userId: '1' }),
    ]);
    expect(payloads.get('rememberTokenTheft')).toEqual([expect.objectContaining({ userId: '1' })]);
    expect(payloads.get('secondFactorRequired')).toEqual([
      expect.objectContaining({ userId: '2' }),
    ]);
    expect(payloads.get('secondFactorRejected')).toEqual([
      expect.objectContaining({ userId: '2', method: 'test-code' }),
    ]);
    expect(payloads.get('secondFactorCompleted')).toEqual([
      expect.objectContaining({ userId: '2', method: 'test-code' }),
    ]);
  });

  it('manager.on() returns a function that unsubscribes', async () => {
    const h = createHarness();
    let count = 0;
    const off = h.manager.on('userLoggedIn', () => {
      count += 1;
    });
    await h.client().get('/login/1');
    off();
    await h.client().get('/login/2');
    expect(count).toBe(1);
  });

  it('the request loader path emits userLoadedFromRequest once with the user', async () => {
    const h = createHarness({
      requestLoader: (request) =>
        request.header('x-api-user') === '2' ? (h.users.get('2') ?? null) : null,
    });
    const seen = h.listen('userLoadedFromRequest');
    const response = await h.app.request('/whoami', { headers: { 'x-api-user': '2' } });
    expect(await response.json()).toMatchObject({ name: 'Steve', source: 'request' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.user.name).toBe('Steve');
  });
});
