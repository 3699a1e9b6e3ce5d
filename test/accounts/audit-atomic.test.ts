/**
 * A change and its audit entry commit together, on a SQLite file and on PostgreSQL: while the
 * audit table refuses writes (a trigger), each change — registration, a password change and
 * reset, an email change, disable, enable, a role change, two-factor on and off, new recovery
 * codes, removing a passkey, issuing and revoking an API token — fails and leaves the account as it was,
 * with no entry and no event; once it accepts them, the same change writes both. A control case
 * shows the change itself runs first, so that only the shared transaction undoes it.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { type AuditLog, createSqlPasskeyStore } from '../../src/accounts/index.js';
import {
  type AccountsHarness,
  GOOD_PASSWORD,
  type HarnessOptions,
  NEW_PASSWORD,
  useAccountsHarness,
} from './support/harness.js';
import { describePostgres } from './support/postgres.js';

const KEY = 'audit-atomic-test-key-0123456789abcdefghijklmn';
const REFUSED = /audit log is read-only/;
const harness = useAccountsHarness();

type Dialect = 'sqlite' | 'postgres';

/** Makes the audit table refuse every insert, as a full disk or a revoked grant would. */
async function refuseAuditWrites(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create trigger audit_read_only before insert on audit_log
      begin select raise(abort, 'the audit log is read-only'); end`.execute(db);
    return;
  }
  await sql`create or replace function audit_read_only() returns trigger language plpgsql as
    $$ begin raise exception 'the audit log is read-only'; end $$`.execute(db);
  await sql`create trigger audit_read_only before insert on audit_log
    for each row execute function audit_read_only()`.execute(db);
}

async function acceptAuditWrites(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`drop trigger audit_read_only`.execute(db);
  else await sql`drop trigger audit_read_only on audit_log`.execute(db);
}

function codeFor(secret: string, now: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now });
}

function atomicitySuite(dialect: Dialect, database: () => Kysely<unknown> | undefined) {
  /** A harness with two-factor on; every address in it is new to the database. */
  async function scene(options: HarnessOptions = {}) {
    const tag = randomBytes(4).toString('hex');
    const email = (name: string) => `${name}-${tag}@example.com`;
    const db = database();
    const h = await harness({
      secondFactorKeys: [KEY],
      adminEmails: [email('root')],
      ...(db ? { database: db } : {}),
      ...options,
    });
    return { h, email };
  }

  /** The types of the account's audit entries, oldest first. */
  async function entryTypes(h: AccountsHarness, accountId: string): Promise<string[]> {
    const entries = await h.auditLog.list({ accountId, limit: 100 });
    return entries.map((entry) => entry.type).reverse();
  }

  /** Runs `attempt` while the audit table refuses writes: it must fail and record nothing. */
  async function refusedWhileAuditDown(
    h: AccountsHarness,
    accountId: string,
    attempt: () => Promise<unknown>,
  ): Promise<void> {
    const before = await entryTypes(h, accountId);
    const heard = h.events.length;
    await refuseAuditWrites(h.db, dialect);
    try {
      await expect(attempt()).rejects.toThrow(REFUSED);
    } finally {
      await acceptAuditWrites(h.db, dialect);
    }
    expect(await entryTypes(h, accountId)).toEqual(before);
    expect(h.events.slice(heard)).toEqual([]);
  }

  it('a password change is not kept without its entry, and is kept with it', async () => {
    const { h, email } = await scene();
    const ada = await h.signUp(email('ada'));
    const browser = await h.logIn(email('ada'));
    const change = () =>
      browser.run((auth) =>
        h.accounts.changePassword(auth, {
          old_password: GOOD_PASSWORD,
          password: NEW_PASSWORD,
          password2: NEW_PASSWORD,
        }),
      );
    await refusedWhileAuditDown(h, ada.id, change);
    expect((await h.store.byId(ada.id))?.passwordHash).toBe(ada.passwordHash);
    expect((await browser.user())?.id).toBe(ada.id);

    expect(await change()).toEqual({ ok: true });
    expect((await h.store.byId(ada.id))?.passwordHash).not.toBe(ada.passwordHash);
    expect((await entryTypes(h, ada.id)).at(-1)).toBe('password_changed');
  });

  it('a password reset is not kept without its entry, and is kept with it', async () => {
    const { h, email } = await scene();
    const ada = await h.signUp(email('ada'));
    const requestLink = async () => {
      await h.browser().run((auth) => h.accounts.requestReset(auth, { email: email('ada') }));
      return h.outbox.token('reset', email('ada'));
    };
    const reset = (token: string) =>
      h.accounts.resetPassword(token, { password: NEW_PASSWORD, password2: NEW_PASSWORD });
    const first = await requestLink();
    await refusedWhileAuditDown(h, ada.id, () => reset(first));
    expect((await h.store.byId(ada.id))?.passwordHash).toBe(ada.passwordHash);

    expect(await reset(await requestLink())).toMatchObject({ ok: true });
    expect((await h.store.byId(ada.id))?.passwordHash).not.toBe(ada.passwordHash);
    const types = await entryTypes(h, ada.id);
    expect(types.slice(-2)).toEqual(['password_reset', 'sessions_revoked']);
  });

  it('an email change is not kept without its entry, and is kept with it', async () => {
    const { h, email } = await scene();
    const ada = await h.signUp(email('ada'));
    const browser = await h.logIn(email('ada'));
    const requestLink = async () => {
      await browser.run((auth) =>
        h.accounts.requestEmailChange(auth, { email: email('moved'), password: GOOD_PASSWORD }),
      );
      return h.outbox.token('email-change', email('moved'));
    };
    const first = await requestLink();
    await refusedWhileAuditDown(h, ada.id, () => h.accounts.confirmEmailChange(first));
    expect((await h.store.byId(ada.id))?.email).toBe(email('ada'));

    const second = await requestLink();
    expect(await h.accounts.confirmEmailChange(second)).toMatchObject({ ok: true });
    expect((await h.store.byId(ada.id))?.email).toBe(email('moved'));
    expect((await entryTypes(h, ada.id)).at(-1)).toBe('email_changed');
  });

  it('an email change to an address taken meanwhile answers email_taken inside the unit, and changes nothing', async () => {
    const { h, email } = await scene();
    const ada = await h.signUp(email('ada'));
    const browser = await h.logIn(email('ada'));
    await browser.run((auth) =>
      h.accounts.requestEmailChange(auth, { email: email('taken'), password: GOOD_PASSWORD }),
    );
    const link = h.outbox.token('email-change', email('taken'));
    await h.signUp(email('taken'));
    const before = await entryTypes(h, ada.id);
    // On PostgreSQL the clash aborts the transaction; the answer is still a value, not a throw.
    expect(await h.accounts.confirmEmailChange(link)).toEqual({ ok: false, reason: 'email_taken' });
    expect((await h.store.byId(ada.id))?.email).toBe(email('ada'));
    expect(await entryTypes(h, ada.id)).toEqual(before);
    // The connection is usable afterwards.
    expect(await h.accounts.setRole(ada.id, 'admin')).toMatchObject({ role: 'admin' });
  });

  it('disabling and enabling an account, and a role change, are kept only with their entries', async () => {
    const { h, email } = await scene();
    const root = await h.signUp(email('root'));
    const admin = await h.logIn(email('root'));
    const bob = await h.signUp(email('bob'));
    const bobBrowser = await h.logIn(email('bob'));
    const disable = () => admin.run((auth) => h.accounts.disableAccount(auth, bob.id));
    const enable = () => admin.run((auth) => h.accounts.enableAccount(auth, bob.id));
    const promote = () => h.accounts.setRole(bob.id, 'admin', { actorId: root.id });

    await refusedWhileAuditDown(h, bob.id, disable);
    expect((await h.store.byId(bob.id))?.disabled).toBe(false);
    // Nothing that follows the change ran either: the victim's session is still open.
    expect((await bobBrowser.user())?.id).toBe(bob.id);
    expect(await disable()).toMatchObject({ ok: true, account: { disabled: true } });
    expect((await entryTypes(h, bob.id)).slice(-2)).toEqual([
      'account_disabled',
      'account_sessions_revoked',
    ]);
    expect(await bobBrowser.user()).toBeNull();

    await refusedWhileAuditDown(h, bob.id, enable);
    expect((await h.store.byId(bob.id))?.disabled).toBe(true);
    expect(await enable()).toMatchObject({ ok: true, account: { disabled: false } });
    expect((await entryTypes(h, bob.id)).at(-1)).toBe('account_enabled');

    await refusedWhileAuditDown(h, bob.id, promote);
    expect((await h.store.byId(bob.id))?.role).toBe('user');
    expect(await promote()).toMatchObject({ role: 'admin' });
    expect((await entryTypes(h, bob.id)).at(-1)).toBe('role_changed');
  });

  it('turning two-factor on and off is kept only with its entry', async () => {
    const { h, email } = await scene();
    const ada = await h.signUp(email('ada'));
    const browser = await h.logIn(email('ada'));
    const shown = await browser.run((auth) => h.accounts.twoFactor.beginSetup(auth));
    const secret = shown?.secret ?? '';
    const confirm = () =>
      browser.run((auth) =>
        h.accounts.twoFactor.confirmSetup(auth, { code: codeFor(secret, h.clock.now()) }),
      );
    await refusedWhileAuditDown(h, ada.id, confirm);
    expect((await h.accounts.twoFactor.status(ada.id)).enabled).toBe(false);
    expect(await confirm()).toMatchObject({ ok: true });
    expect(await h.accounts.twoFactor.status(ada.id)).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    expect((await entryTypes(h, ada.id)).at(-1)).toBe('two_factor_enabled');

    const codeHashes = async () => {
      const result = await sql<{ code_hash: string }>`select code_hash from recovery_codes
        where account_id = ${ada.id} order by code_hash`.execute(h.db);
      return result.rows.map((row) => row.code_hash);
    };
    const renew = () => browser.run((auth) => h.accounts.twoFactor.regenerateRecoveryCodes(auth));
    const firstSet = await codeHashes();
    expect(firstSet).toHaveLength(10);
    await refusedWhileAuditDown(h, ada.id, renew);
    expect(await codeHashes()).toEqual(firstSet);
    expect(await renew()).toMatchObject({ ok: true });
    expect(await codeHashes()).not.toEqual(firstSet);
    expect((await entryTypes(h, ada.id)).at(-1)).toBe('recovery_codes_generated');

    const turnOff = () =>
      browser.run((auth) =>
        h.accounts.twoFactor.disable(auth, { code: codeFor(secret, h.clock.now()) }),
      );
    h.clock.advance(30_000);
    await refusedWhileAuditDown(h, ada.id, turnOff);
    expect(await h.accounts.twoFactor.status(ada.id)).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    h.clock.advance(30_000);
    expect(await turnOff()).toEqual({ ok: true });
    expect((await h.accounts.twoFactor.status(ada.id)).enabled).toBe(false);
    expect((await entryTypes(h, ada.id)).at(-1)).toBe('two_factor_disabled');
  });

  it('removing a passkey is kept only with its entry', async () => {
    const { h, email } = await scene();
    const ada = await h.signUp(email('ada'));
    const browser = await h.logIn(email('ada'));
    const id = `pk-${randomBytes(6).toString('hex')}`;
    await createSqlPasskeyStore(h.db).add({
      id,
      accountId: ada.id,
      credentialId: `cred-${id}`,
      publicKey: 'AAAA',
      counter: 0,
      transports: [],
      name: 'Laptop',
      createdAt: h.clock.now(),
      lastUsedAt: null,
      backedUp: false,
    });
    const remove = () => browser.run((auth) => h.accounts.passkeys.remove(auth, id));
    await refusedWhileAuditDown(h, ada.id, remove);
    expect((await h.accounts.passkeys.list(ada.id)).map((passkey) => passkey.id)).toEqual([id]);
    expect(await remove()).toBe(true);
    expect(await h.accounts.passkeys.list(ada.id)).toEqual([]);
    expect((await entryTypes(h, ada.id)).at(-1)).toBe('passkey_removed');
  });

  it('issuing and revoking an API token are kept only with their entries', async () => {
    const { h, email } = await scene();
    const ada = await h.signUp(email('ada'));
    const browser = await h.logIn(email('ada'));
    const issue = () =>
      browser.run((auth) =>
        h.accounts.createApiToken(auth, { name: 'deploy', scopes: [], expires_days: '30' }),
      );
    const live = () => browser.run((auth) => h.accounts.listApiTokens(auth));
    await refusedWhileAuditDown(h, ada.id, issue);
    expect(await live()).toEqual([]);

    const issued = await issue();
    if (!issued.ok) throw new Error('the token was refused');
    expect((await live()).map((token) => token.id)).toEqual([issued.info.id]);
    expect(await h.apiTokens.verify(issued.token)).not.toBeNull();
    expect((await entryTypes(h, ada.id)).at(-1)).toBe('token_created');

    const revoke = () => browser.run((auth) => h.accounts.revokeApiToken(auth, issued.info.id));
    await refusedWhileAuditDown(h, ada.id, revoke);
    expect((await live()).map((token) => token.id)).toEqual([issued.info.id]);
    expect(await h.apiTokens.verify(issued.token)).not.toBeNull();
    expect(await revoke()).toBe(true);
    expect(await live()).toEqual([]);
    // The token was cached by the check above: it is dropped once the deletion commits.
    expect(await h.apiTokens.verify(issued.token)).toBeNull();
    expect((await entryTypes(h, ada.id)).at(-1)).toBe('token_revoked');
  });

  it('a registration is not kept without its entry', async () => {
    const { h, email } = await scene();
    await refuseAuditWrites(h.db, dialect);
    try {
      await expect(h.register(email('eve'))).rejects.toThrow(REFUSED);
    } finally {
      await acceptAuditWrites(h.db, dialect);
    }
    expect(await h.store.byEmail(email('eve'))).toBeNull();
    expect(await h.register(email('eve'))).toEqual({ ok: true });
    const eve = await h.store.byEmail(email('eve'));
    expect(await entryTypes(h, eve?.id ?? '')).toEqual(['registered']);
  });

  it('control: with an audit log the service cannot join (not SQL), the change is written first and stays', async () => {
    const { h, email } = await scene();
    const bob = await h.signUp(email('bob'));
    const sql: AuditLog = h.auditLog;
    // The same table behind a wrapper: writes are no longer part of the account store's unit.
    const wrapped: AuditLog = {
      append: (entry) => sql.append(entry),
      list: (query) => sql.list(query),
      prune: (before) => sql.prune(before),
    };
    const apart = h.accountsWith({ audit: wrapped });
    await refuseAuditWrites(h.db, dialect);
    try {
      await expect(apart.setRole(bob.id, 'admin')).rejects.toThrow(REFUSED);
    } finally {
      await acceptAuditWrites(h.db, dialect);
    }
    expect((await h.store.byId(bob.id))?.role).toBe('admin');
  });
}

describe('a change and its audit entry on SQLite', () => {
  atomicitySuite('sqlite', () => undefined);
});

describePostgres('a change and its audit entry on PostgreSQL', (run) => {
  atomicitySuite('postgres', () => run.db());
});
