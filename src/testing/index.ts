/** @module latchkey/testing: log a test client in without scripting the login form. */
import type { LoginManager } from '../core/manager.js';
import { parseCookieHeader } from '../http/cookies.js';
import { createMemoryStores } from '../stores/memory/index.js';
import type { Stores } from '../stores/types.js';

/** Options of {@link loginAs}. */
export interface LoginAsOptions {
  /** A fresh login (default true), as after a password. */
  readonly fresh?: boolean;
  /** Also issue a remember-me cookie. */
  readonly remember?: boolean;
}

/**
 * Logs `user` in and returns a `Cookie` header for the next request. The session
 * binds to the first client that uses it, so it works with session protection on.
 *
 * @example const cookie = await loginAs(manager, alice); await app.request('/profile', { headers: { cookie } });
 */
export async function loginAs<U>(
  manager: LoginManager<U>,
  user: U,
  options: LoginAsOptions = {},
): Promise<string> {
  const auth = manager.begin({
    method: 'POST',
    url: 'http://latchkey.test/login',
    header: () => null,
    remoteAddress: null,
  });
  await auth.login(user, {
    fresh: options.fresh ?? true,
    remember: options.remember ?? false,
    force: true,
  });
  const session = await auth.session();
  if (session) {
    await manager.stores.sessions.update(session.id, { fingerprint: null });
    await manager.invalidateUser(session.userId);
  }
  return auth
    .setCookieHeaders()
    .map((line) => {
      const [pair = ''] = line.split(';');
      const [name = ''] = pair.split('=');
      return `${name}=${parseCookieHeader(pair).get(name) ?? ''}`;
    })
    .join('; ');
}

/** Fresh in-process stores (sessions, tokens, counters) in one call. */
export function memoryStores(): Required<Stores> {
  return createMemoryStores();
}

/** A clock tests move by hand: `clock.now()` is the manager's `clock`. */
export interface TestClock {
  readonly now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** Creates a {@link TestClock} starting at `start` (default 2026-01-01T00:00:00Z). */
export function createTestClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
