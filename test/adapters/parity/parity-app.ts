/**
 * @module The one app every adapter parity case runs against, whatever the framework:
 * the same users, manager and routes, each framework mounting them its own way.
 *
 * Routes: `/login/:id` (`?remember=1&fresh=0`, JSON), `/logout`, `/confirm`, `/whoami`
 * (JSON state), `/secret` (loginRequired), `/sudo` (freshLoginRequired), `/admin`
 * (loginRequired, only Notch), `/custom` (loginRequired with its own onUnauthorized),
 * `/flip` (login, logout, login again), `/stream` (login, then a streamed body),
 * `/go` (login, then the framework's own redirect to `/whoami`).
 */
import type { LoginManagerOptions } from '../../../src/core/config.js';
import type { TurnedAway } from '../../../src/core/guard-decision.js';
import { LoginManager } from '../../../src/core/manager.js';
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
  client(headers?: Record<string, string>): TestClient;
  close(): Promise<void>;
}

/** Builds the manager and mounts the routes in one framework. */
export async function startParityApp(
  mount: Mount,
  options: ParityOptions = {},
): Promise<ParityApp> {
  const users = userTable();
  const clock = createTestClock();
  const manager = new LoginManager<TestUser>({
    userLoader: (id) => users.get(id) ?? null,
    stores: memoryStores(),
    clock: clock.now,
    ...options.manager,
  });
  const mounted = await mount(manager, users, options);
  return {
    manager,
    clock,
    client: (headers) => new TestClient(mounted.fetch, headers),
    close: () => mounted.close(),
  };
}

/** `/login/:id`: logs the user in with the query's options; the status and JSON body to answer. */
export async function loginRoute(
  auth: RequestAuth<TestUser>,
  users: ReadonlyMap<string, TestUser>,
  id: string,
  query: Readonly<Record<string, unknown>>,
): Promise<{ status: 200 | 404; body: { ok: boolean } }> {
  const user = users.get(id);
  if (!user) return { status: 404, body: { ok: false } };
  const ok = await auth.login(user, {
    remember: query.remember === '1',
    fresh: query.fresh !== '0',
  });
  return { status: 200, body: { ok } };
}

/** `/whoami`: the request's auth state as JSON. */
export async function whoamiBody(auth: RequestAuth<TestUser>) {
  const user = await auth.user();
  return {
    name: isAnonymous(user) ? null : (user as TestUser).name,
    fresh: await auth.isFresh(),
    remembered: await auth.isRemembered(),
    source: await auth.source(),
  };
}

/** `/flip`: login as Notch (remembered), logout, login as Steve, in one handler. */
export async function flip(auth: RequestAuth<TestUser>): Promise<void> {
  await auth.login(notch, { remember: true });
  await auth.logout();
  await auth.login(steve);
}

/** `/admin`'s permission: only Notch. */
export const onlyNotch = (user: TestUser): boolean => user.id === notch.id;

/** The text every custom turn-away handler answers, with status 401 or 403. */
export function customAnswer(outcome: TurnedAway): { status: 401 | 403; text: string } {
  return { status: outcome.reason === 'forbidden' ? 403 : 401, text: `custom ${outcome.reason}` };
}

/** The chunks `/stream` sends, one at a time. */
export const STREAM_CHUNKS = ['one,', 'two'] as const;
