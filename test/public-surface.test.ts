/** @module The public entries export exactly what the README and guides teach, nothing more. */
import { describe, expect, it } from 'vitest';
import * as accounts from '../src/accounts/index.js';
import * as root from '../src/index.js';

describe('the public surface', () => {
  it('latchkey exports exactly the documented runtime API', () => {
    expect(Object.keys(root).sort()).toEqual(
      [
        'ANONYMOUS_USER',
        'ApiTokens',
        'BaseUser',
        'LatchkeyError',
        'LoginManager',
        'MemoryApiTokenStore',
        'RequestAuth',
        'checkBearer',
        'clientAddress',
        'createLocalInvalidationChannel',
        'createMemoryStores',
        'decodeLegacyCookie',
        'defineAccess',
        'isAnonymous',
        'loginUrl',
        'parseCookieHeader',
        'pathAndQuery',
        'requestViewFromFetch',
        'safeNext',
        'wantsJson',
      ].sort(),
    );
  });

  it('latchkey/accounts exports exactly the documented runtime API', () => {
    expect(Object.keys(accounts).sort()).toEqual(
      [
        'Accounts',
        'MAX_EMAIL_LENGTH',
        'accountAccess',
        'accountLoginOptions',
        'clientOf',
        'createMemoryAccountStore',
        'createMemoryAuditLog',
        'createMemoryPasskeyStore',
        'createMemoryTwoFactorStore',
        'createSqlAccountStore',
        'createSqlApiTokenStore',
        'createSqlAuditLog',
        'createSqlLegacyIds',
        'createSqlPasskeyStore',
        'createSqlTwoFactorStore',
        'migrateAccounts',
        'normalizeEmail',
      ].sort(),
    );
  });
});
