/**
 * Guesses sent all at once: each passes the throttle's check before any of them has been
 * counted, then waits for the hasher. The hold must still stop them, so a burst of a hundred
 * guesses gets no more answers than the limit, and the right password among them is held too.
 */
import { describe, expect, it } from 'vitest';
import {
  type Account,
  Accounts,
  accountLoginOptions,
  createMemoryAccountStore,
} from '../../src/accounts/index.js';
import { LoginManager } from '../../src/core/manager.js';
import { createPasswordHasher } from '../../src/password/index.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { Browser } from '../accounts/support/browser.js';
import { Outbox } from '../accounts/support/outbox.js';

const PASSWORD = 'plum velvet orbit cascade 42';
const BURST = 100;

async function setup() {
  const clock = createTestClock();
  const store = createMemoryAccountStore();
  const manager = new LoginManager<Account>({
    ...accountLoginOptions(store),
    stores: memoryStores(),
    clock: clock.now,
  });
  const accounts = new Accounts({
    store,
    manager,
    mailer: new Outbox(),
    publicUrl: 'https://accounts.example',
    clock: clock.now,
    hasher: createPasswordHasher({ argon2: { memoryCost: 7168, timeCost: 5 } }),
  });
  const browser = () => new Browser(manager, '203.0.113.9');
  const registered = await browser().run((auth) =>
    accounts.register(auth, {
      email: 'alice@example.com',
      username: 'alice',
      password: PASSWORD,
      password2: PASSWORD,
    }),
  );
  expect(registered.ok).toBe(true);
  return { accounts, browser };
}

describe('a burst of guesses at once', () => {
  it('gets ten answers, then the hold, even for the right password sent last', async () => {
    const t = await setup();
    const guesses = Array.from({ length: BURST }, (_, i) =>
      i === BURST - 1 ? PASSWORD : `wrong guess number ${i}`,
    );
    const results = await Promise.all(
      guesses.map((password) =>
        t.browser().run((auth) => t.accounts.login(auth, { email: 'alice@example.com', password })),
      ),
    );
    const refused = results.filter((r) => !r.ok && r.reason === 'invalid');
    const held = results.filter((r) => !r.ok && r.reason === 'throttled');
    expect(results.filter((r) => r.ok)).toEqual([]);
    expect(refused).toHaveLength(10);
    expect(held).toHaveLength(BURST - 10);
  });
});
