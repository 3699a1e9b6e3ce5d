/** @module One conformance suite for the TOTP, recovery-code and passkey stores: memory, SQLite, PostgreSQL. */
import { describe, expect, it } from 'vitest';
import type { PasskeyRecord, PasskeyStore, TwoFactorStore } from '../../src/accounts/index.js';

/** Fresh stores, and a way to create the account rows they belong to. */
export interface SecondFactorStores {
  readonly twoFactor: TwoFactorStore;
  readonly passkeys: PasskeyStore;
  /** Creates an account with this id (the SQL tables refer to users). */
  addAccount(id: string): Promise<void>;
}

/** Far past 2^31, so a 32-bit column or a string read back would show. */
const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
let serial = 0;

async function account(stores: SecondFactorStores): Promise<string> {
  serial += 1;
  const id = `acct-${serial}`;
  await stores.addAccount(id);
  return id;
}

function passkey(accountId: string, overrides: Partial<PasskeyRecord> = {}): PasskeyRecord {
  serial += 1;
  return {
    id: `pk-${serial}`,
    accountId,
    credentialId: `cred-${serial}`,
    publicKey: `key-${serial}`,
    counter: 0,
    transports: ['internal', 'hybrid'],
    name: `Laptop ${serial}`,
    createdAt: T0 + serial,
    lastUsedAt: null,
    backedUp: false,
    ...overrides,
  };
}

const enableInit = (lastStep = 100) => ({
  sealedSecret: 'v1.key.iv.body',
  enabledAt: T0,
  lastStep,
  recoveryCodeHashes: ['h1', 'h2', 'h3'],
});

/** Registers the suite for one kind of store. */
export function runSecondFactorStoreConformance(
  name: string,
  makeStores: () => Promise<SecondFactorStores>,
): void {
  describe(`${name} two-factor store`, () => {
    it('enable() turns TOTP on with its secret, its used step and a set of recovery codes', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      expect(await stores.twoFactor.totp(id)).toBeNull();
      await stores.twoFactor.enable(id, enableInit());
      expect(await stores.twoFactor.totp(id)).toStrictEqual({
        accountId: id,
        sealedSecret: 'v1.key.iv.body',
        enabledAt: T0,
        lastStep: 100,
      });
      expect(await stores.twoFactor.recoveryCodesLeft(id)).toBe(3);
    });

    it('useStep() accepts a later step once and refuses the same or an earlier step', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      await stores.twoFactor.enable(id, enableInit(100));
      expect(await stores.twoFactor.useStep(id, 100)).toBe(false);
      expect(await stores.twoFactor.useStep(id, 101)).toBe(true);
      expect(await stores.twoFactor.useStep(id, 101)).toBe(false);
      expect(await stores.twoFactor.useStep(id, 99)).toBe(false);
      expect((await stores.twoFactor.totp(id))?.lastStep).toBe(101);
      expect(await stores.twoFactor.useStep('nobody', 500)).toBe(false);
    });

    it('useStep() lets exactly one of concurrent callers with the same step win', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      await stores.twoFactor.enable(id, enableInit(100));
      const wins = await Promise.all(
        Array.from({ length: 8 }, () => stores.twoFactor.useStep(id, 102)),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('useRecoveryCode() takes a code once, and only for its own account', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      const other = await account(stores);
      await stores.twoFactor.enable(id, enableInit());
      expect(await stores.twoFactor.useRecoveryCode(other, 'h1', T0)).toBe(false);
      const wins = await Promise.all(
        Array.from({ length: 5 }, () => stores.twoFactor.useRecoveryCode(id, 'h1', T0)),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await stores.twoFactor.useRecoveryCode(id, 'h1', T0)).toBe(false);
      expect(await stores.twoFactor.useRecoveryCode(id, 'nope', T0)).toBe(false);
      expect(await stores.twoFactor.recoveryCodesLeft(id)).toBe(2);
    });

    it('replaceRecoveryCodes() voids every old code', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      await stores.twoFactor.enable(id, enableInit());
      await stores.twoFactor.replaceRecoveryCodes(id, ['n1', 'n2'], T0 + 1);
      expect(await stores.twoFactor.useRecoveryCode(id, 'h2', T0)).toBe(false);
      expect(await stores.twoFactor.recoveryCodesLeft(id)).toBe(2);
      expect(await stores.twoFactor.useRecoveryCode(id, 'n2', T0)).toBe(true);
    });

    it('enable() again replaces the secret and the codes; disable() removes both', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      await stores.twoFactor.enable(id, enableInit(100));
      await stores.twoFactor.enable(id, {
        ...enableInit(50),
        sealedSecret: 'v1.key.iv.other',
        recoveryCodeHashes: ['z'],
      });
      expect(await stores.twoFactor.totp(id)).toMatchObject({
        sealedSecret: 'v1.key.iv.other',
        lastStep: 50,
      });
      expect(await stores.twoFactor.useRecoveryCode(id, 'h1', T0)).toBe(false);
      expect(await stores.twoFactor.disable(id)).toBe(true);
      expect(await stores.twoFactor.totp(id)).toBeNull();
      expect(await stores.twoFactor.recoveryCodesLeft(id)).toBe(0);
      expect(await stores.twoFactor.disable(id)).toBe(false);
    });

    it('reseal() replaces the sealed secret only while it is the expected one', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      await stores.twoFactor.enable(id, enableInit());
      await stores.twoFactor.reseal(id, 'not it', 'v1.new.a.b');
      expect((await stores.twoFactor.totp(id))?.sealedSecret).toBe('v1.key.iv.body');
      await stores.twoFactor.reseal(id, 'v1.key.iv.body', 'v1.new.a.b');
      expect((await stores.twoFactor.totp(id))?.sealedSecret).toBe('v1.new.a.b');
    });
  });

  describe(`${name} passkey store`, () => {
    it('add() stores a passkey that list() and byCredentialId() read back', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      const first = passkey(id);
      const second = passkey(id, { backedUp: true, lastUsedAt: T0 + 99 });
      expect(await stores.passkeys.add(second)).toBe('added');
      expect(await stores.passkeys.add(first)).toBe('added');
      expect(await stores.passkeys.list(id)).toStrictEqual([first, second]);
      expect(await stores.passkeys.byCredentialId(second.credentialId)).toStrictEqual(second);
      expect(await stores.passkeys.byCredentialId('unknown')).toBeNull();
      expect(await stores.passkeys.list(await account(stores))).toEqual([]);
    });

    it('add() refuses a credential id registered already, whoever registers it', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      const first = passkey(id);
      await stores.passkeys.add(first);
      const again = passkey(await account(stores), { credentialId: first.credentialId });
      expect(await stores.passkeys.add(again)).toBe('duplicate');
      expect((await stores.passkeys.byCredentialId(first.credentialId))?.accountId).toBe(id);
    });

    it('recordUse() moves the counter by compare-and-set: one of racing sign-ins wins', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      const key = passkey(id, { counter: 4 });
      await stores.passkeys.add(key);
      const wins = await Promise.all(
        Array.from({ length: 4 }, () => stores.passkeys.recordUse(key.id, 4, 5, T0 + 5)),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await stores.passkeys.byCredentialId(key.credentialId)).toMatchObject({
        counter: 5,
        lastUsedAt: T0 + 5,
      });
      expect(await stores.passkeys.recordUse(key.id, 4, 6, T0 + 6)).toBe(false);
    });

    it('remove() deletes only the account’s own passkey', async () => {
      const stores = await makeStores();
      const id = await account(stores);
      const key = passkey(id);
      await stores.passkeys.add(key);
      expect(await stores.passkeys.remove(await account(stores), key.id)).toBe(false);
      expect(await stores.passkeys.remove(id, key.id)).toBe(true);
      expect(await stores.passkeys.byCredentialId(key.credentialId)).toBeNull();
      expect(await stores.passkeys.remove(id, key.id)).toBe(false);
    });
  });
}
