/**
 * Timing, structurally: every call a flow makes to the password hasher and to the stores is
 * recorded, and the cases an attacker wants to tell apart must make the same calls in the same
 * order. A failed login (unknown email, wrong password, disabled account) runs one password hash
 * each, the dummy one when there is no account; a registration hashes once, before the store is
 * asked, whether the address is new or taken; a reset request does the same limit and token work
 * for a known and an unknown address, audit entry included. The measured side is `bench/security/timing.ts`.
 */
import { describe, expect, it } from 'vitest';
import {
  type Account,
  Accounts,
  accountLoginOptions,
  createMemoryAccountStore,
  createMemoryAuditLog,
  createMemoryTwoFactorStore,
} from '../../src/accounts/index.js';
import { LoginManager } from '../../src/core/manager.js';
import { createPasswordHasher, type PasswordHasher } from '../../src/password/index.js';
import { createTestClock, memoryStores } from '../../src/testing/index.js';
import { Browser } from '../accounts/support/browser.js';
import { Outbox } from '../accounts/support/outbox.js';

const PASSWORD = 'plum velvet orbit cascade 42';

/** Wraps every method of `target` to append `label.method` to `log` when called. */
function recorded<T extends object>(label: string, target: T, log: string[]): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        log.push(`${label}.${String(property)}`);
        return value.apply(object, args);
      };
    },
  });
}

/** A hasher whose verify and dummyVerify both log `hasher.check`: the same cost by design. */
function countingHasher(inner: PasswordHasher, log: string[]): PasswordHasher {
  return {
    algorithm: inner.algorithm,
    hash: (password) => {
      log.push('hasher.hash');
      return inner.hash(password);
    },
    verify: (stored, password) => {
      log.push('hasher.check');
      return inner.verify(stored, password);
    },
    dummyVerify: () => {
      log.push('hasher.check');
      return inner.dummyVerify();
    },
    needsRehash: (stored) => inner.needsRehash(stored),
  };
}

async function setup() {
  const log: string[] = [];
  const clock = createTestClock();
  const plain = memoryStores();
  const stores = {
    sessions: recorded('sessions', plain.sessions, log),
    tokens: recorded('tokens', plain.tokens, log),
    counters: recorded('counters', plain.counters, log),
  };
  const accountStore = createMemoryAccountStore();
  const manager = new LoginManager<Account>({
    ...accountLoginOptions(accountStore),
    stores,
    clock: clock.now,
  });
  const outbox = new Outbox();
  const accounts = new Accounts({
    store: recorded('accounts', accountStore, log),
    manager,
    mailer: outbox,
    publicUrl: 'https://accounts.example',
    hasher: countingHasher(
      createPasswordHasher({ argon2: { memoryCost: 7168, timeCost: 5 } }),
      log,
    ),
    // The audit log and the two-factor store are writes and reads like any other.
    audit: recorded('audit', createMemoryAuditLog(), log),
    twoFactor: {
      store: recorded('twoFactor', createMemoryTwoFactorStore(), log),
      encryptionKeys: 'timing-test-key-0123456789abcdefghijklmnop',
    },
  });
  const browser = () => new Browser(manager, '203.0.113.9');
  const registered = async (email: string, username: string) => {
    const result = await browser().run((auth) =>
      accounts.register(auth, { email, username, password: PASSWORD, password2: PASSWORD }),
    );
    expect(result.ok).toBe(true);
  };
  /** The calls `work` makes, the log emptied before it. */
  const callsOf = async (work: () => Promise<unknown>) => {
    log.length = 0;
    await work();
    return [...log];
  };
  return { accounts, accountStore, browser, registered, callsOf, clock, outbox };
}

describe('the same work whatever the account', () => {
  it('a failed login for an unknown email, a wrong password and a disabled account make the same calls, one hash each', async () => {
    const t = await setup();
    await t.registered('alice@example.com', 'alice');
    await t.registered('carol@example.com', 'carol');
    const carol = await t.accountStore.byEmail('carol@example.com');
    await t.accountStore.update(carol?.id ?? '', { disabled: true });
    const login = (email: string, password: string) =>
      t.callsOf(() => t.browser().run((auth) => t.accounts.login(auth, { email, password })));
    const wrong = await login('alice@example.com', `${PASSWORD}!`);
    const unknown = await login('nobody@example.com', PASSWORD);
    const disabled = await login('carol@example.com', PASSWORD);
    expect(wrong.filter((call) => call === 'hasher.check')).toHaveLength(1);
    expect(unknown).toEqual(wrong);
    expect(disabled).toEqual(wrong);
    // The right password makes the same calls up to the hash (then it logs in).
    const right = await login('alice@example.com', PASSWORD);
    const upToHash = (calls: string[]) => calls.slice(0, calls.indexOf('hasher.check') + 1);
    expect(upToHash(right)).toEqual(upToHash(wrong));
  });

  it('a registration hashes the password once, before the store is asked, for a new and for a taken address', async () => {
    const t = await setup();
    await t.registered('alice@example.com', 'alice');
    const register = (email: string, username: string) =>
      t.callsOf(() =>
        t
          .browser()
          .run((auth) =>
            t.accounts.register(auth, { email, username, password: PASSWORD, password2: PASSWORD }),
          ),
      );
    for (const calls of [
      await register('new@example.com', 'newbie'),
      await register('alice@example.com', 'another'),
    ]) {
      expect(calls.filter((call) => call.startsWith('hasher.'))).toEqual(['hasher.hash']);
      expect(calls.indexOf('hasher.hash')).toBeLessThan(calls.indexOf('accounts.create'));
      expect(calls.slice(0, calls.indexOf('accounts.create') + 1)).toEqual([
        ...calls.slice(0, calls.indexOf('hasher.hash')),
        'hasher.hash',
        'accounts.create',
      ]);
    }
  });

  it('a reset request for a known and for an unknown address makes the same store calls', async () => {
    const t = await setup();
    await t.registered('alice@example.com', 'alice');
    const reset = (email: string) =>
      t.callsOf(() => t.browser().run((auth) => t.accounts.requestReset(auth, { email })));
    const known = await reset('alice@example.com');
    const unknown = await reset('nobody@example.com');
    expect(known).toContain('tokens.create');
    expect(known).toContain('audit.append');
    expect(unknown).toEqual(known);
    // Only the known address gets mail.
    expect(t.outbox.all('reset').map((m) => m.to)).toEqual(['alice@example.com']);
  });

  it('past the per-account mail limit, a known and an unknown address still make the same calls', async () => {
    const t = await setup();
    await t.registered('alice@example.com', 'alice');
    const reset = (email: string) =>
      t.callsOf(() => t.browser().run((auth) => t.accounts.requestReset(auth, { email })));
    for (let i = 0; i < 3; i++) {
      await reset('alice@example.com');
      await reset('nobody@example.com');
    }
    const known = await reset('alice@example.com');
    const unknown = await reset('nobody@example.com');
    expect(known).not.toContain('tokens.create');
    expect(known).toContain('audit.append');
    expect(unknown).toEqual(known);
  });

  it('a link issued for an address without an account leads nowhere', async () => {
    const t = await setup();
    await t.callsOf(() =>
      t.browser().run((auth) => t.accounts.requestReset(auth, { email: 'nobody@example.com' })),
    );
    expect(t.outbox.all('reset')).toHaveLength(0);
    expect(await t.accountStore.byId('!no-account')).toBeFalsy();
  });
});
