/** @module A tiny Hono app over a LoginManager, with a movable clock and event recording. */
import { Hono } from 'hono';
import { freshLoginRequired, latchkey, loginRequired } from '../../src/adapters/hono.js';
import type { LoginManagerOptions } from '../../src/core/config.js';
import type { LatchkeyEvents } from '../../src/core/events.js';
import { LoginManager } from '../../src/core/manager.js';
import { isAnonymous } from '../../src/core/user.js';
import type { Stores } from '../../src/stores/types.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { TestClient } from './client.js';
import { type TestUser, userTable } from './users.js';

/** Everything a behaviour test needs. */
export interface Harness {
  readonly app: Hono;
  readonly manager: LoginManager<TestUser>;
  readonly users: Map<string, TestUser>;
  readonly clock: ReturnType<typeof createTestClock>;
  readonly stores: Required<Stores>;
  /** How many times the user loader ran. */
  readonly loads: { count: number };
  client(headers?: Record<string, string>): TestClient;
  /** Records every payload of an event. */
  listen<K extends keyof LatchkeyEvents<TestUser>>(name: K): LatchkeyEvents<TestUser>[K][];
}

/**
 * Routes: `/login/:id` (`?remember=1&fresh=0&force=1&duration=N`), `/logout`,
 * `/confirm`, `/whoami` (JSON state), `/static/x` (never touches the user),
 * `/secret` (loginRequired), `/sudo` (freshLoginRequired); a second factor: `/password/:id`
 * (`?remember=1&next=…`: the password was right, the login now waits), `/second-factor`
 * (`?code=good` completes it, anything else is a wrong code), `/pending` (JSON).
 */
export function createHarness(
  options: Partial<LoginManagerOptions<TestUser>> = {},
  configure?: (app: Hono, manager: LoginManager<TestUser>) => void,
): Harness {
  const users = userTable();
  const clock = createTestClock();
  // Tests that share stores between managers pass them in; h.stores is always the manager's.
  const stores = withCounters(options.stores) ?? memoryStores();
  const loads = { count: 0 };
  const manager = new LoginManager<TestUser>({
    userLoader: (id) => {
      loads.count += 1;
      return users.get(id) ?? null;
    },
    clock: clock.now,
    protection: 'off',
    ...options,
    stores,
  });
  const app = new Hono();
  app.use(latchkey(manager));
  app.get('/login/:id', async (c) => {
    const user = users.get(c.req.param('id'));
    if (!user) return c.text('no such user', 404);
    const duration = c.req.query('duration');
    const ok = await c.var.auth.login(user, {
      remember: c.req.query('remember') === '1',
      fresh: c.req.query('fresh') !== '0',
      force: c.req.query('force') === '1',
      ...(duration !== undefined ? { duration: Number(duration) } : {}),
    });
    return c.json({ ok, name: isAnonymous(await c.var.auth.user()) ? null : user.name });
  });
  app.get('/logout', async (c) => {
    await c.var.auth.logout();
    return c.text('bye');
  });
  app.get('/confirm', async (c) => {
    await c.var.auth.confirmLogin();
    return c.text('confirmed');
  });
  app.get('/whoami', async (c) => {
    const auth = c.var.auth;
    const user = await auth.user();
    return c.json({
      name: isAnonymous(user) ? null : (user as TestUser).name,
      fresh: await auth.isFresh(),
      remembered: await auth.isRemembered(),
      source: await auth.source(),
    });
  });
  app.get('/password/:id', async (c) => {
    const user = users.get(c.req.param('id'));
    if (!user) return c.text('no such user', 404);
    const ok = await c.var.auth.pendingLogin.begin(user, {
      remember: c.req.query('remember') === '1',
      next: c.req.query('next') ?? null,
    });
    return c.json({ ok });
  });
  app.get('/second-factor', async (c) => {
    const pending = await c.var.auth.pendingLogin.current();
    if (!pending) return c.json({ ok: false, pending: false }, 401);
    const proof = { userId: pending.userId, method: 'test-code' };
    if (c.req.query('code') !== 'good') {
      c.var.auth.pendingLogin.reject(proof);
      return c.json({ ok: false, pending: true }, 401);
    }
    const done = await c.var.auth.pendingLogin.complete(proof);
    return c.json({ ok: done !== null, next: done?.next ?? null });
  });
  app.get('/pending', async (c) => {
    const pending = await c.var.auth.pendingLogin.current();
    return c.json(
      pending && { userId: pending.userId, remember: pending.remember, next: pending.next },
    );
  });
  app.get('/static/x', (c) => c.text('static'));
  app.get('/secret', loginRequired(), (c) => c.text(`secret for ${(c.var.user as TestUser).name}`));
  app.get('/sudo', freshLoginRequired(), (c) => c.text('sudo'));
  configure?.(app, manager);
  return {
    app,
    manager,
    users,
    clock,
    stores,
    loads,
    client: (headers) => new TestClient((path, init) => app.request(path, init), headers),
    listen(name) {
      const seen: never[] = [];
      manager.on(name, (payload) => seen.push(payload as never));
      return seen;
    },
  };
}

function withCounters(stores: Stores | undefined): Required<Stores> | null {
  if (!stores) return null;
  if (!stores.counters) throw new Error('harness stores need counters');
  return { ...stores, counters: stores.counters };
}
