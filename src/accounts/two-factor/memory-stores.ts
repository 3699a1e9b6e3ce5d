/** @module The second factor's and passkeys' stores in process memory: for tests and prototypes. */
import type { PasskeyRecord, PasskeyStore, TotpRecord, TwoFactorStore } from './store-types.js';

/**
 * A {@link TwoFactorStore} in `Map`s; each method checks and writes without awaiting in
 * between, so every step is atomic within the process.
 *
 * @example const twoFactor = createMemoryTwoFactorStore();
 */
export function createMemoryTwoFactorStore(): TwoFactorStore {
  const totps = new Map<string, TotpRecord>();
  /** Unused code hashes per account. */
  const codes = new Map<string, Set<string>>();

  return {
    async totp(accountId) {
      return totps.get(accountId) ?? null;
    },
    async enable(accountId, init) {
      totps.set(accountId, {
        accountId,
        sealedSecret: init.sealedSecret,
        enabledAt: init.enabledAt,
        lastStep: init.lastStep,
      });
      codes.set(accountId, new Set(init.recoveryCodeHashes));
    },
    async disable(accountId) {
      codes.delete(accountId);
      return totps.delete(accountId);
    },
    async useStep(accountId, step) {
      const current = totps.get(accountId);
      if (!current || (current.lastStep !== null && current.lastStep >= step)) return false;
      totps.set(accountId, { ...current, lastStep: step });
      return true;
    },
    async reseal(accountId, expected, sealedSecret) {
      const current = totps.get(accountId);
      if (current?.sealedSecret === expected) totps.set(accountId, { ...current, sealedSecret });
    },
    async replaceRecoveryCodes(accountId, hashes) {
      codes.set(accountId, new Set(hashes));
    },
    async useRecoveryCode(accountId, hash) {
      return codes.get(accountId)?.delete(hash) ?? false;
    },
    async recoveryCodesLeft(accountId) {
      return codes.get(accountId)?.size ?? 0;
    },
  };
}

/**
 * A {@link PasskeyStore} in `Map`s, atomic within the process.
 *
 * @example const passkeys = createMemoryPasskeyStore();
 */
export function createMemoryPasskeyStore(): PasskeyStore {
  const byId = new Map<string, PasskeyRecord>();
  const idByCredential = new Map<string, string>();

  return {
    async add(passkey) {
      if (idByCredential.has(passkey.credentialId) || byId.has(passkey.id)) return 'duplicate';
      byId.set(passkey.id, { ...passkey, transports: [...passkey.transports] });
      idByCredential.set(passkey.credentialId, passkey.id);
      return 'added';
    },
    async list(accountId) {
      return [...byId.values()]
        .filter((passkey) => passkey.accountId === accountId)
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    async byCredentialId(credentialId) {
      const id = idByCredential.get(credentialId);
      return id === undefined ? null : (byId.get(id) ?? null);
    },
    async recordUse(id, expectedCounter, counter, usedAt) {
      const current = byId.get(id);
      if (!current || current.counter !== expectedCounter) return false;
      byId.set(id, { ...current, counter, lastUsedAt: usedAt });
      return true;
    },
    async remove(accountId, id) {
      const current = byId.get(id);
      if (!current || current.accountId !== accountId) return false;
      byId.delete(id);
      idByCredential.delete(current.credentialId);
      return true;
    },
  };
}
