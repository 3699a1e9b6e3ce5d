import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { latchkey, loginRequired } from '../../src/adapters/hono.js';
import { LoginManager } from '../../src/core/manager.js';
import { LatchkeyError } from '../../src/errors.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { TestClient } from '../support/client.js';
import { type TestUser, userTable } from '../support/users.js';

/** A minimal app over a shared manager: log in by id, and a guarded page naming the app. */
function appFor(name: string, manager: LoginManager<TestUser>, users: Map<string, TestUser>): Hono {
  const app = new Hono();
  app.use(latchkey(manager));
  app.get('/login/:id', async (c) => {
    const user = users.get(c.req.param('id'));
    return c.json({ ok: user ? await c.var.auth.login(user) : false });
  });
  app.get('/secret', loginRequired(), (c) => c.text(`${name}: ${(c.var.user as TestUser).name}`));
  return app;
}

describe('initialization (InitializationTestCase: unbound and bound)', () => {
  it('one manager serves two separate Hono apps, and a login made in one is seen by the other', async () => {
    const users = userTable();
    const manager = new LoginManager<TestUser>({
      userLoader: (id) => users.get(id) ?? null,
      stores: memoryStores(),
      clock: createTestClock().now,
      protection: 'off',
    });
    const first = appFor('first', manager, users);
    const second = appFor('second', manager, users);
    const onFirst = new TestClient((path, init) => first.request(path, init));
    await onFirst.get('/login/2');
    expect(await (await onFirst.get('/secret')).text()).toBe('first: Steve');
    const onSecond = new TestClient((path, init) => second.request(path, init), {
      cookie: onFirst.cookieHeader(),
    });
    expect(await (await onSecond.get('/secret')).text()).toBe('second: Steve');
  });

  it('each app keeps its own per-request state: an anonymous request to one app is not the other app’s user', async () => {
    const users = userTable();
    const manager = new LoginManager<TestUser>({
      userLoader: (id) => users.get(id) ?? null,
      protection: 'off',
    });
    const first = appFor('first', manager, users);
    const second = appFor('second', manager, users);
    const onFirst = new TestClient((path, init) => first.request(path, init));
    await onFirst.get('/login/1');
    const anonymous = new TestClient((path, init) => second.request(path, init));
    expect((await anonymous.get('/secret')).status).toBe(401);
  });

  it('a manager with only a userLoader, or only a requestLoader, is valid', () => {
    expect(() => new LoginManager<TestUser>({ userLoader: () => null })).not.toThrow();
    expect(() => new LoginManager<TestUser>({ requestLoader: () => null })).not.toThrow();
  });

  it('a manager with neither userLoader nor requestLoader throws LatchkeyError missing_loader naming both', () => {
    let caught: unknown;
    try {
      new LoginManager<TestUser>({});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LatchkeyError);
    const error = caught as LatchkeyError;
    expect(error.code).toBe('missing_loader');
    expect(error.message).toContain('userLoader');
    expect(error.message).toContain('requestLoader');
  });
});
