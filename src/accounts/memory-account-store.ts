/** @module Accounts in process memory: for tests and single-process prototypes. */
import { LatchkeyError } from '../errors.js';
import type { Account, AccountPatch, AccountQuery, AccountStore, NewAccount } from './types.js';

/**
 * Creates an {@link AccountStore} in `Map`s. Every method checks and writes without awaiting
 * in between, so uniqueness holds however calls interleave within the process.
 *
 * @example const store = createMemoryAccountStore();
 */
export function createMemoryAccountStore(): AccountStore {
  const byId = new Map<string, Account>();
  const idByEmail = new Map<string, string>();
  const idByUsername = new Map<string, string>();

  return {
    async create(account: NewAccount) {
      const usernameKey = account.username.toLowerCase();
      if (idByEmail.has(account.email)) return 'email_taken';
      if (idByUsername.has(usernameKey)) return 'username_taken';
      if (byId.has(account.id)) {
        throw new LatchkeyError('store_failure', 'An account with this id already exists.');
      }
      const created: Account = Object.freeze({
        ...account,
        confirmed: false,
        disabled: false,
        passwordChangedAt: account.createdAt,
        role: account.role ?? 'user',
        lastLoginAt: null,
      });
      byId.set(created.id, created);
      idByEmail.set(created.email, created.id);
      idByUsername.set(usernameKey, created.id);
      return created;
    },

    async byId(id: string) {
      return byId.get(id) ?? null;
    },

    async byEmail(email: string) {
      const id = idByEmail.get(email);
      return id === undefined ? null : (byId.get(id) ?? null);
    },

    async update(id: string, patch: AccountPatch) {
      const current = byId.get(id);
      if (!current) return null;
      const owner = patch.email === undefined ? undefined : idByEmail.get(patch.email);
      if (owner !== undefined && owner !== id) return 'email_taken';
      const updated: Account = Object.freeze({ ...current, ...definedFields(patch) });
      idByEmail.delete(current.email);
      idByEmail.set(updated.email, id);
      byId.set(id, updated);
      return updated;
    },

    async find({ text = '', limit, offset = 0 }: AccountQuery) {
      const needle = text.trim().toLowerCase();
      return [...byId.values()]
        .filter(
          (account) =>
            account.email.includes(needle) || account.username.toLowerCase().includes(needle),
        )
        .reverse()
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(offset, offset + limit);
    },
  };
}

/** The patch without keys set to `undefined`, which must not blank a field. */
function definedFields(patch: AccountPatch): AccountPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
