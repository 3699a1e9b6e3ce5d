/** @module The login manager's user options for accounts: load by id, read the id, refuse disabled accounts. */
import type { LoginManagerOptions } from '../core/config.js';
import type { Account, AccountStore } from './types.js';

/**
 * The `userLoader`, `getUserId` and `isUserActive` options that let a login manager serve
 * accounts from `store`; a disabled account is inactive, so its sessions end.
 *
 * @example const manager = new LoginManager<Account>({ ...accountLoginOptions(store), stores });
 */
export function accountLoginOptions(
  store: AccountStore,
): Required<Pick<LoginManagerOptions<Account>, 'userLoader' | 'getUserId' | 'isUserActive'>> {
  return {
    userLoader: (id) => store.byId(id),
    getUserId: (account) => account.id,
    isUserActive: (account) => !account.disabled,
  };
}
