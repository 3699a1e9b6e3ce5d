/**
 * @module The one app every adapter parity case runs against, whatever the framework:
 * the same users, manager and routes, each framework mounting them its own way.
 *
 * Plain routes, answered alike by every framework ({@link plainRoutes}): `/login/:id`
 * (`?remember=1&fresh=0`, JSON), `/logout`, `/confirm`, `/whoami` (JSON state), `/flip`
 * (login, logout, login again), `/password/:id` (`?remember=1&next=…`: a correct password for a
 * two-factor user, the login now pending) and `/second-factor` (`?code=good` completes it, any
 * other code is wrong). Routes each framework writes its own way: `/secret`
 * (loginRequired), `/sudo` (freshLoginRequired), `/admin` (loginRequired, only Notch),
 * `/custom` (loginRequired with its own onUnauthorized), `/stream` (login, then a streamed
 * body), `/go` (login, then the framework's own redirect to `/whoami`), `/role` (roleRequired
 * admin), `/perm` (permissionRequired `manage`), `/role-fresh` (roleRequired admin, fresh).
 */
import type { LoginManagerOptions } from '../../../src/core/config.js';
import type { TurnedAway } from '../../../src/core/guards.js';
import { LoginManager } from '../../../src/core/manager.js';
import { defineAccess } from '../../../src/core/permissions.js';
import type { RequestAuth } from '../../../src/core/request-auth.js';
import { isAnonymous } from '../../../src/core/user.js';
import { createTestClock, memoryStores, type TestClock } from '../../../src/testing/index.js';
import { TestClient } from '../../support/client.js';
import { notch, steve, type TestUser, userTable } from '../../support/users.js';

/** What varies between cases: manager options, and a middleware-level forbidden handler. */
export interface ParityOptions {
  readonly manager?: Partial<LoginManagerOptions<TestUser>>;
  /** Install a middleware-level `onForbidden` answering {@link customAnswer}. */
  readonly customForbidden?: boolean;
}

/** A fetch-like entry into a mounted app. */
export type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

/** One framework's app, mounted and reachable. */
export interface Mounted {
  readonly fetch: Fetch;
  close(): Promise<void>;
}

/** Mounts the parity routes over a manager in one framework. */
export type Mount = (
  manager: LoginManager<TestUser>,
  users: ReadonlyMap<string, TestUser>,
  options: ParityOptions,
) => Promise<Mounted>;

/** What a parity case sees. */
export interface ParityApp {
  readonly manager: LoginManager<TestUser>;
  readonly clock: TestClock;
  /** The user table the loader reads (replace a user to change it). */
  readonly users: Map<string, TestUser>;
  client(headers?: Record<string, string>): TestClient;
  close(): Promise<void>;
}

/**
 * A LoginManager over the test users on memory stores; `options` override.
 *
 * @example const manager = testManager({ trustProxy: 1 });
 */
export function testManager(
  options: Partial<LoginManagerOptions<TestUser>> = {},
  users: ReadonlyMap<string, TestUser> = userTable(),
): LoginManager<TestUser> {
  return new LoginManager<TestUser>({
    userLoader: (id) => users.get(id) ?? null,
    stores: memoryStores(),
    ...options,
  });
}

/** Builds the manager and mounts the routes in one framework. */
export async function startParityApp(
  mount: Mount,
  options: ParityOptions = {},
): Promise<ParityApp> {
  const users = userTable();
  const clock = createTestClock();
  const manager = testManager({ clock: clock.now, ...options.manager }, users);
  const mounted = await mount(manager, users, options);
  return {
    manager,
    clock,
    users,
    client: (headers) => new TestClient(mounted.fetch, headers),
    close: () => mounted.close(),
  };
}

/** What a plain route answers: a JSON body or a plain text, with a status. */
export type PlainAnswer =
  | { readonly status: 200 | 401 | 404; readonly json: Record<string, unknown> }
  | { readonly status: 200; readonly text: string };

/** A route every framework mounts with the same handler, only answering its own way. */
export interface PlainRoute {
  readonly path: string;
  answer(
    auth: RequestAuth<TestUser>,
    params: Readonly<Record<string, unknown>>,
    query: Readonly<Record<string, unknown>>,
  ): Promise<PlainAnswer>;
}

/** The plain routes over the user table. */
export function plainRoutes(users: ReadonlyMap<string, TestUser>): readonly PlainRoute[] {
  return [
    {
      path: '/login/:id',
      answer: (auth, params, query) => loginRoute(auth, users, String(params.id), query),
    },
    {
      path: '/logout',
      answer: async (auth) => {
        await auth.logout();
        return { status: 200, text: 'bye' };
      },
    },
    {
      path: '/confirm',
      answer: async (auth) => {
        await auth.confirmLogin();
        return { status: 200, text: 'confirmed' };
      },
    },
    { path: '/whoami', answer: async (auth) => ({ status: 200, json: await whoami(auth) }) },
    {
      path: '/password/:id',
      answer: async (auth, params, query) => {
        const user = users.get(String(params.id));
        if (!user) return { status: 404, json: { ok: false } };
        const next = typeof query.next === 'string' ? query.next : null;
        const ok = await auth.pendingLogin.begin(user, { remember: query.remember === '1', next });
        return { status: 200, json: { ok } };
      },
    },
    { path: '/second-factor', answer: secondFactorRoute },
    {
      path: '/flip',
      // Login as Notch (remembered), logout, login as Steve: one handler, each cookie once.
      answer: async (auth) => {
        await auth.login(notch, { remember: true });
        await auth.logout();
        await auth.login(steve);
        return { status: 200, text: 'flipped' };
      },
    },
  ];
}

/** `/login/:id`: logs the user in with the query's options (`remember=1`, `fresh=0`). */
export async function loginRoute(
  auth: RequestAuth<TestUser>,
  users: ReadonlyMap<string, TestUser>,
  id: string,
  query: Readonly<Record<string, unknown>>,
): Promise<PlainAnswer> {
  const user = users.get(id);
  if (!user) return { status: 404, json: { ok: false } };
  const ok = await auth.login(user, {
    remember: query.remember === '1',
    fresh: query.fresh !== '0',
  });
  return { status: 200, json: { ok } };
}

/** `/second-factor`: the code step of a pending login (`?code=good` is the right code). */
async function secondFactorRoute(
  auth: RequestAuth<TestUser>,
  _params: Readonly<Record<string, unknown>>,
  query: Readonly<Record<string, unknown>>,
): Promise<PlainAnswer> {
  const pending = await auth.pendingLogin.current();
  if (!pending) return { status: 401, json: { ok: false, pending: false } };
  const proof = { userId: pending.userId, method: 'parity-code' };
  if (query.code !== 'good') {
    auth.pendingLogin.reject(proof);
    return { status: 401, json: { ok: false, pending: true } };
  }
  const done = await auth.pendingLogin.complete(proof);
  return { status: done ? 200 : 401, json: { ok: done !== null, next: done?.next ?? null } };
}

/** `/whoami`: the request's auth state. */
async function whoami(auth: RequestAuth<TestUser>) {
  const user = await auth.user();
  return {
    name: isAnonymous(user) ? null : (user as TestUser).name,
    fresh: await auth.isFresh(),
    remembered: await auth.isRemembered(),
    source: await auth.source(),
  };
}

/** `/admin`'s permission: only Notch. */
export const onlyNotch = (user: TestUser): boolean => user.id === notch.id;

/** The roles of the role and permission routes: admins may `manage`, everyone may `read`. */
export const access = defineAccess({
  roles: { user: ['read'], admin: ['read', 'manage'] },
  roleOf: (user: TestUser) => user.role ?? 'user',
});

/** The text every custom turn-away handler answers, with status 401 or 403. */
export function customAnswer(outcome: TurnedAway): { status: 401 | 403; text: string } {
  return { status: outcome.reason === 'forbidden' ? 403 : 401, text: `custom ${outcome.reason}` };
}

/** The chunks `/stream` sends, one at a time. */
export const STREAM_CHUNKS = ['one,', 'two'] as const;
