/** @module One conformance suite that every AccountStore passes: memory, SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import type { AccountStore, NewAccount } from '../../src/accounts/index.js';

/** A fresh, empty store; the suite calls it once per test. */
export type AccountStoreFactory = () => Promise<AccountStore>;

/** Far enough past 2^31 that a 32-bit column or a string read back would show. */
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

let serial = 0;
function newAccount(overrides: Partial<NewAccount> = {}): NewAccount {
  serial += 1;
  return {
    id: `account-${serial}`,
    email: `user${serial}@example.com`,
    username: `User_${serial}`,
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$hash${serial}`,
    createdAt: T0,
    ...overrides,
  };
}

/** Registers the conformance tests for one store. */
export function runAccountStoreConformance(name: string, makeStore: AccountStoreFactory): void {
  describe(`${name} account store`, () => {
    it('create() returns an unconfirmed, enabled account that byId() and byEmail() read back', async () => {
      const store = await makeStore();
      const input = newAccount();
      const created = await store.create(input);
      const expected = {
        ...input,
        confirmed: false,
        disabled: false,
        passwordChangedAt: T0,
        role: 'user',
        lastLoginAt: null,
      };
      expect(created).toStrictEqual(expected);
      expect(await store.byId(input.id)).toStrictEqual(expected);
      expect(await store.byEmail(input.email)).toStrictEqual(expected);
    });

    it('byId() and byEmail() answer null for unknown accounts', async () => {
      const store = await makeStore();
      expect(await store.byId('nobody')).toBeNull();
      expect(await store.byEmail('nobody@example.com')).toBeNull();
    });

    it('create() refuses a taken email with email_taken and keeps the first account', async () => {
      const store = await makeStore();
      const first = newAccount({ email: 'same@example.com' });
      await store.create(first);
      expect(await store.create(newAccount({ email: 'same@example.com' }))).toBe('email_taken');
      expect((await store.byEmail('same@example.com'))?.id).toBe(first.id);
    });

    it('create() refuses a username taken in another case with username_taken', async () => {
      const store = await makeStore();
      await store.create(newAccount({ username: 'Alice.Smith' }));
      const clash = newAccount({ username: 'aLICE.smith' });
      expect(await store.create(clash)).toBe('username_taken');
      expect(await store.byEmail(clash.email)).toBeNull();
    });

    it('create() names the email when both the email and the username are taken', async () => {
      const store = await makeStore();
      const first = newAccount();
      await store.create(first);
      const clash = newAccount({ email: first.email, username: first.username.toUpperCase() });
      expect(await store.create(clash)).toBe('email_taken');
    });

    it('create() keeps the username as typed', async () => {
      const store = await makeStore();
      const input = newAccount({ username: 'MiXeD-Case_1' });
      await store.create(input);
      expect((await store.byId(input.id))?.username).toBe('MiXeD-Case_1');
    });

    it('update() changes the given fields, returns the account and keeps the others', async () => {
      const store = await makeStore();
      const input = newAccount();
      await store.create(input);
      const patch = {
        passwordHash: 'new-hash',
        confirmed: true,
        disabled: true,
        passwordChangedAt: T0 + 1234,
        role: 'admin' as const,
        lastLoginAt: T0 + 99,
      };
      const updated = await store.update(input.id, patch);
      const expected = { ...input, ...patch };
      expect(updated).toStrictEqual(expected);
      expect(await store.byId(input.id)).toStrictEqual(expected);
      expect(await store.update(input.id, { disabled: false })).toMatchObject({ disabled: false });
    });

    it('update() answers null for an unknown id and the account itself for an empty patch', async () => {
      const store = await makeStore();
      const input = newAccount();
      await store.create(input);
      expect(await store.update('nobody', { confirmed: true })).toBeNull();
      expect(await store.update(input.id, {})).toMatchObject({ id: input.id, email: input.email });
    });

    it('update() moves the email: the new address finds the account, the old one nothing', async () => {
      const store = await makeStore();
      const input = newAccount();
      await store.create(input);
      await store.update(input.id, { email: 'moved@example.com' });
      expect((await store.byEmail('moved@example.com'))?.id).toBe(input.id);
      expect(await store.byEmail(input.email)).toBeNull();
      // The old address is free again.
      expect(await store.create(newAccount({ email: input.email }))).toMatchObject({
        email: input.email,
      });
    });

    it("update() refuses another account's email with email_taken and changes nothing", async () => {
      const store = await makeStore();
      const a = newAccount();
      const b = newAccount();
      await store.create(a);
      await store.create(b);
      expect(await store.update(b.id, { email: a.email, confirmed: true })).toBe('email_taken');
      expect(await store.byId(b.id)).toMatchObject({ email: b.email, confirmed: false });
      expect(await store.update(a.id, { email: a.email })).toMatchObject({ id: a.id });
    });

    it('create() keeps a role given at registration', async () => {
      const store = await makeStore();
      const input = newAccount({ role: 'admin' });
      expect(await store.create(input)).toMatchObject({ role: 'admin' });
      expect((await store.byId(input.id))?.role).toBe('admin');
      expect(await store.update(input.id, { role: 'user' })).toMatchObject({ role: 'user' });
    });

    it('find() matches part of an email or username ignoring case, newest first, paged', async () => {
      const store = await makeStore();
      const old = newAccount({ email: 'ann.old@example.com', username: 'Ann_Old', createdAt: T0 });
      const mid = newAccount({ email: 'zed@example.com', username: 'ANNIE', createdAt: T0 + 1 });
      const late = newAccount({ email: 'late@ANN.example', createdAt: T0 + 2 });
      const other = newAccount({ email: 'bob@example.com', username: 'bob', createdAt: T0 + 3 });
      for (const account of [old, mid, { ...late, email: 'late@ann.example' }, other]) {
        await store.create(account);
      }
      const found = await store.find({ text: ' aNn ', limit: 10 });
      expect(found.map((a) => a.id)).toEqual([late.id, mid.id, old.id]);
      expect((await store.find({ text: 'ann', limit: 2, offset: 1 })).map((a) => a.id)).toEqual([
        mid.id,
        old.id,
      ]);
      expect((await store.find({ limit: 10 })).map((a) => a.id)).toEqual([
        other.id,
        late.id,
        mid.id,
        old.id,
      ]);
    });

    it('find() takes % and _ literally, not as wildcards', async () => {
      const store = await makeStore();
      const plain = newAccount({ username: 'plainname' });
      const underscored = newAccount({ username: 'under_score' });
      await store.create(plain);
      await store.create(underscored);
      expect((await store.find({ text: '_', limit: 10 })).map((a) => a.id)).toEqual([
        underscored.id,
      ]);
      expect(await store.find({ text: '%', limit: 10 })).toEqual([]);
    });

    it('ten concurrent registrations of one email make exactly one account and never throw', async () => {
      const store = await makeStore();
      const attempts = Array.from({ length: 10 }, () => newAccount({ email: 'race@example.com' }));
      const results = await Promise.all(attempts.map((account) => store.create(account)));
      const created = results.filter((result) => typeof result === 'object');
      expect(created).toHaveLength(1);
      expect(results.filter((result) => result === 'email_taken')).toHaveLength(9);
      expect((await store.byEmail('race@example.com'))?.id).toBe(created[0]?.id);
    });

    it('ten concurrent registrations of one username in different cases make one account', async () => {
      const store = await makeStore();
      const names = [
        'racer',
        'RACER',
        'Racer',
        'rAcEr',
        'racER',
        'RAcer',
        'raCER',
        'rACER',
        'RaCeR',
        'racEr',
      ];
      const results = await Promise.all(
        names.map((username) => store.create(newAccount({ username }))),
      );
      expect(results.filter((result) => typeof result === 'object')).toHaveLength(1);
      expect(results.filter((result) => result === 'username_taken')).toHaveLength(9);
    });

    it('two accounts moving to one address at once: exactly one gets it', async () => {
      const store = await makeStore();
      const a = newAccount();
      const b = newAccount();
      await store.create(a);
      await store.create(b);
      const results = await Promise.all([
        store.update(a.id, { email: 'wanted@example.com' }),
        store.update(b.id, { email: 'wanted@example.com' }),
      ]);
      expect(results.filter((result) => result === 'email_taken')).toHaveLength(1);
      const winners = results.flatMap((result) =>
        result !== null && typeof result === 'object' ? [result.id] : [],
      );
      expect(winners).toHaveLength(1);
      expect((await store.byEmail('wanted@example.com'))?.id).toBe(winners[0]);
    });
  });
}
