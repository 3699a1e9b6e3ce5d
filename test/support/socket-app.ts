/** @module A small Hono app whose socket address comes from an `x-test-remote` header, for trusted-proxy tests. */
import { Hono } from 'hono';
import { latchkey } from '../../src/adapters/hono.js';
import type { LoginManagerOptions } from '../../src/core/config.js';
import type { LatchkeyEvents } from '../../src/core/events.js';
import { LoginManager } from '../../src/core/manager.js';
import { isAnonymous } from '../../src/core/user.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { TestClient } from './client.js';
import { type TestUser, userTable } from './users.js';

/** What a socket-address test needs. */
export interface SocketApp {
  readonly app: Hono;
  readonly manager: LoginManager<TestUser>;
  readonly clock: ReturnType<typeof createTestClock>;
  /** A client whose requests come from `remote` (the socket address) with the given headers. */
  client(remote: string, headers?: Record<string, string>): TestClient;
  /** Records every payload of an event. */
  listen<K extends keyof LatchkeyEvents<TestUser>>(name: K): LatchkeyEvents<TestUser>[K][];
}

/**
 * Routes: `/login/:id` (`?remember=1`), `/logout`, `/whoami` (JSON state). The
 * adapter reads the socket address from `x-test-remote`, as a Node server would
 * from the connection.
 */
export function createSocketApp(options: Partial<LoginManagerOptions<TestUser>> = {}): SocketApp {
  const users = userTable();
  const clock = createTestClock();
  const manager = new LoginManager<TestUser>({
    userLoader: (id) => users.get(id) ?? null,
    stores: memoryStores(),
    clock: clock.now,
    ...options,
  });
  const app = new Hono();
  app.use(latchkey(manager, { remoteAddress: (c) => c.req.header('x-test-remote') ?? null }));
  app.get('/login/:id', async (c) => {
    const user = users.get(c.req.param('id'));
    if (!user) return c.text('no such user', 404);
    const ok = await c.var.auth.login(user, { remember: c.req.query('remember') === '1' });
    return c.json({ ok });
  });
  app.get('/logout', async (c) => {
    await c.var.auth.logout();
    return c.text('bye');
  });
  app.get('/whoami', async (c) => {
    const auth = c.var.auth;
    const user = await auth.user();
    return c.json({
      name: isAnonymous(user) ? null : (user as TestUser).name,
      fresh: await auth.isFresh(),
      remembered: await auth.isRemembered(),
      source: await auth.source(),
      address: auth.clientAddress,
    });
  });
  return {
    app,
    manager,
    clock,
    client: (remote, headers = {}) =>
      new TestClient((path, init) => app.request(path, init), {
        ...headers,
        'x-test-remote': remote,
      }),
    listen(name) {
      const seen: never[] = [];
      manager.on(name, (payload) => seen.push(payload as never));
      return seen;
    },
  };
}
