/**
 * The `latchkey` command as an operator runs it, on a SQLite file and on PostgreSQL: every command
 * with its exit code, `--json` output, passwords from stdin or a terminal, `--help` everywhere, and
 * errors as one line.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { auditEntry } from '../../src/accounts/audit-log.js';
import {
  type Account,
  accountLoginOptions,
  createSqlAccountStore,
  createSqlApiTokenStore,
  createSqlAuditLog,
  createSqlTwoFactorStore,
} from '../../src/accounts/index.js';
import { systemRandom } from '../../src/clock.js';
import { hashSecret } from '../../src/core/token.js';
import { ApiTokens, LoginManager } from '../../src/index.js';
import { createPasswordHasher } from '../../src/password/index.js';
import { createRedisStores } from '../../src/stores/redis/index.js';
import { connectStores } from '../../src/stores/sql/index.js';
import { loginAs } from '../../src/testing/index.js';
import { describePostgres } from '../accounts/support/postgres.js';
import { describeRedis } from '../support/redis.js';
import { type CliRun, jsonOf, useBuiltCli } from './support/cli.js';
import { appSide, postgresTarget, type Target, useSqliteTarget } from './support/targets.js';

// Every command is a process of its own: a test running several of them needs more than the default.
vi.setConfig({ testTimeout: 180_000 });

const cli = useBuiltCli('cli-commands');

const PASSWORD = 'violet lantern harbour at dusk';
const OTHER_PASSWORD = 'copper meadow sparrow in june';

let counter = 0;
function newEmail(label: string): string {
  counter += 1;
  return `${label}-${counter}-${randomBytes(3).toString('hex')}@example.test`;
}

/** Whom a running app's manager sees behind a cookie header (its email), or null. */
function whoIsOn(manager: LoginManager<Account>) {
  return async (cookie: string) => {
    const auth = manager.begin({
      method: 'GET',
      url: 'http://latchkey.test/',
      header: (name) => (name === 'cookie' ? cookie : null),
      remoteAddress: null,
    });
    return (await auth.currentUser())?.email ?? null;
  };
}

/** One line on stderr, naming the problem, and no stack trace. */
function expectOneLineError(run: CliRun, text: string | RegExp): void {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^latchkey: /);
  expect(lines[0]).toMatch(text);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

function commandSuite(target: Target) {
  const run = (args: readonly string[], input?: string) =>
    cli.run(args, { env: target.env(), ...(input === undefined ? {} : { input }) });

  async function createUser(email: string, options: string[] = []): Promise<Account> {
    const created = await run(
      [
        'user',
        'create',
        email,
        '--username',
        `u${randomBytes(5).toString('hex')}`,
        '--password-stdin',
        '--json',
        ...options,
      ],
      `${PASSWORD}\n`,
    );
    expect(created.code, created.stderr).toBe(0);
    const { id } = jsonOf<{ id: string }>(created);
    const account = await appSide(target.db()).manager.config.userLoader?.(id);
    if (!account) throw new Error('the created account is not in the store');
    return account;
  }

  /** The audit entries the command line wrote for an account, oldest first. */
  async function cliAudit(accountId: string) {
    const entries = await createSqlAuditLog(target.db()).list({ accountId, limit: 50 });
    return entries.filter((entry) => entry.userAgent === 'latchkey command line').reverse();
  }

  it('db migrate creates the schema, then says there is nothing to run', async () => {
    const first = await run(['db', 'migrate', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(jsonOf<{ migrationsRun: string[] }>(first).migrationsRun).toContain(
      '2026_12_03_013_legacy_ids',
    );
    const again = await run(['db', 'migrate']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/is up to date; nothing to run\./);
  });

  it('user create reads the password from stdin, hashes it with argon2id, and user show finds the account by email or id', async () => {
    const email = newEmail('create');
    const account = await createUser(email.toUpperCase(), ['--confirmed']);
    expect(account.email).toBe(email);
    expect(account.confirmed).toBe(true);
    expect(account.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await createPasswordHasher().verify(account.passwordHash, PASSWORD)).toBe(true);
    for (const reference of [email, account.id]) {
      const shown = await run(['user', 'show', reference, '--json']);
      expect(shown.code).toBe(0);
      expect(jsonOf(shown)).toMatchObject({
        id: account.id,
        email,
        confirmed: true,
        disabled: false,
        passwordScheme: 'argon2id',
        legacyId: null,
        liveSessions: 0,
      });
    }
    const text = await run(['user', 'show', email]);
    expect(text.stdout).toMatch(/^email\s+\S+@example\.test$/m);
    expect(text.stdout).not.toContain('$argon2id$');
  });

  it('user create refuses a weak password (exit 1), a malformed email (exit 2) and a taken email (exit 1), writing nothing', async () => {
    const email = newEmail('refused');
    const weak = await run(
      ['user', 'create', email, '--username', 'weakling', '--password-stdin'],
      'password\n',
    );
    expect(weak.code).toBe(1);
    expectOneLineError(
      weak,
      /The password was refused: (Use at least 15 characters|This password is too common)/,
    );
    const malformed = await run(
      ['user', 'create', 'not-an-address', '--username', 'oddone', '--password-stdin'],
      PASSWORD,
    );
    expect(malformed.code).toBe(2);
    expectOneLineError(malformed, /Email: Enter a valid email address/);
    expect((await run(['user', 'show', email])).code).toBe(1);
    await createUser(email);
    const taken = await run(
      ['user', 'create', email, '--username', 'another1', '--password-stdin'],
      PASSWORD,
    );
    expect(taken.code).toBe(1);
    expectOneLineError(taken, `An account with the email ${email} already exists.`);
  });

  it('user list filters by text and state, pages with --limit and --offset, and counts the matches', async () => {
    const tag = randomBytes(4).toString('hex');
    const emails = [newEmail(`list${tag}`), newEmail(`list${tag}`), newEmail(`list${tag}`)].sort();
    for (const email of emails) await createUser(email);
    expect((await run(['user', 'disable', emails[1] ?? ''])).code).toBe(0);
    const page = jsonOf<{ total: number; accounts: { email: string }[] }>(
      await run(['user', 'list', '--search', `LIST${tag}`, '--limit', '2', '--json']),
    );
    expect(page.total).toBe(3);
    expect(page.accounts.map((a) => a.email)).toEqual(emails.slice(0, 2));
    const next = jsonOf<{ accounts: { email: string }[] }>(
      await run([
        'user',
        'list',
        '--search',
        `list${tag}`,
        '--limit',
        '2',
        '--offset',
        '2',
        '--json',
      ]),
    );
    expect(next.accounts.map((a) => a.email)).toEqual(emails.slice(2));
    const disabled = jsonOf<{ accounts: { email: string; disabled: boolean }[] }>(
      await run(['user', 'list', '--search', `list${tag}`, '--disabled', '--json']),
    );
    expect(disabled.accounts).toEqual([
      expect.objectContaining({ email: emails[1], disabled: true }),
    ]);
    const text = await run(['user', 'list', '--search', `list${tag}`, '--enabled', '--limit', '1']);
    expect(text.stdout).toContain(emails[0]);
    expect(text.stdout).toMatch(/Showing 1–1 of 2 accounts \(next page: --offset 1\)\./);
    const both = await run(['user', 'list', '--disabled', '--enabled']);
    expect(both.code).toBe(2);
    expectOneLineError(both, /--disabled and --enabled cannot be used together/);
  });

  it('user disable ends every session and remember-me token at once, and the app sees nobody; enable lets the user in again', async () => {
    const account = await createUser(newEmail('disable'));
    const app = appSide(target.db());
    const cookie = await app.login(account, true);
    await app.login(account);
    expect(await app.whoIs(cookie)).toBe(account.email);
    expect(await app.stored(account.id)).toEqual({ sessions: 2, rememberTokens: 1 });

    const apiTokens = new ApiTokens({
      store: createSqlApiTokenStore(target.db()),
      cache: { maxTokens: 0 },
    });
    const { token } = await apiTokens.issue(account.id, { name: 'deploy script' });
    expect(await apiTokens.verify(token)).not.toBeNull();

    const disabled = await run(['user', 'disable', account.email, '--json']);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(jsonOf(disabled)).toEqual({
      id: account.id,
      email: account.email,
      disabled: true,
      sessionsEnded: 2,
      tokensEnded: 1,
    });
    expect(await app.stored(account.id)).toEqual({ sessions: 0, rememberTokens: 0 });
    expect(await app.whoIs(cookie)).toBeNull();
    expect(await apiTokens.verify(token)).toBeNull();
    expect((await app.manager.config.userLoader?.(account.id))?.disabled).toBe(true);

    const enabled = await run(['user', 'enable', account.email]);
    expect(enabled.stdout).toBe(`Enabled ${account.email}.\n`);
    expect(await app.whoIs(await app.login(account))).toBe(account.email);
    expect(
      (await cliAudit(account.id)).map(({ type, address, actorId, detail }) => ({
        type,
        address,
        actorId,
        detail,
      })),
    ).toEqual([
      { type: 'registered', address: null, actorId: null, detail: { confirmed: false } },
      { type: 'account_disabled', address: null, actorId: null, detail: null },
      {
        type: 'account_sessions_revoked',
        address: null,
        actorId: null,
        detail: { cause: 'account_disabled', sessionsEnded: 2, tokensEnded: 1 },
      },
      { type: 'account_enabled', address: null, actorId: null, detail: null },
    ]);
    apiTokens.close();
  });

  it('user role shows the role, gives admin or user (seen by the app on the next request), and refuses any other', async () => {
    const account = await createUser(newEmail('role'));
    const shown = await run(['user', 'role', account.email]);
    expect(shown.stdout).toBe(`${account.email} has the role user.\n`);
    const granted = await run(['user', 'role', account.id, 'admin', '--json']);
    expect(granted.code, granted.stderr).toBe(0);
    expect(jsonOf(granted)).toEqual({
      id: account.id,
      email: account.email,
      role: 'admin',
      changed: true,
    });
    expect((await appSide(target.db()).manager.config.userLoader?.(account.id))?.role).toBe(
      'admin',
    );
    const again = await run(['user', 'role', account.email, 'admin']);
    expect(again.stdout).toBe(`${account.email} already has the role admin.\n`);
    const listed = await run(['user', 'list', '--search', account.email]);
    expect(listed.stdout).toMatch(/^EMAIL\s+USERNAME\s+ID\s+ROLE\s/m);
    expect(listed.stdout).toMatch(new RegExp(`${account.id}\\s+admin\\s`));
    const taken = await run(['user', 'role', account.email, 'user']);
    expect(taken.stdout).toBe(`${account.email} now has the role user (it had admin).\n`);
    const wrong = await run(['user', 'role', account.email, 'root']);
    expect(wrong.code).toBe(2);
    expectOneLineError(wrong, 'The role must be user or admin, not "root".');
    expect(
      (await cliAudit(account.id))
        .filter((entry) => entry.type === 'role_changed')
        .map((entry) => entry.detail),
    ).toEqual([
      { from: 'user', to: 'admin' },
      { from: 'admin', to: 'user' },
    ]);
  });

  it('user two-factor-off removes the secret and every recovery code of a locked-out account, once, and records it', async () => {
    const account = await createUser(newEmail('twofactor'));
    const twoFactor = createSqlTwoFactorStore(target.db());
    await twoFactor.enable(account.id, {
      sealedSecret: 'sealed-secret-for-the-test',
      enabledAt: Date.now(),
      lastStep: 1,
      recoveryCodeHashes: ['hash-one', 'hash-two'],
    });
    const off = await run(['user', 'two-factor-off', account.email, '--json']);
    expect(off.code, off.stderr).toBe(0);
    expect(jsonOf(off)).toEqual({ id: account.id, email: account.email, wasOn: true });
    expect(await twoFactor.totp(account.id)).toBeNull();
    expect(await twoFactor.recoveryCodesLeft(account.id)).toBe(0);
    const again = await run(['user', 'two-factor-off', account.email]);
    expect(again.stdout).toBe(`${account.email} did not have two-factor on; nothing changed.\n`);
    expect(
      (await cliAudit(account.id))
        .filter((entry) => entry.type === 'two_factor_disabled')
        .map((entry) => entry.detail),
    ).toEqual([{ by: 'operator' }]);
  });

  it('a change whose audit entry cannot be written is not made: the role and the password stay as they were', async () => {
    const account = await createUser(newEmail('atomic'));
    const db = target.db() as unknown as Kysely<unknown>;
    if (target.kind === 'sqlite') {
      await sql`create trigger audit_read_only before insert on audit_log
        begin select raise(abort, 'the audit log is read-only'); end`.execute(db);
    } else {
      await sql`create or replace function audit_read_only() returns trigger language plpgsql as
        $$ begin raise exception 'the audit log is read-only'; end $$`.execute(db);
      await sql`create trigger audit_read_only before insert on audit_log
        for each row execute function audit_read_only()`.execute(db);
    }
    try {
      const role = await run(['user', 'role', account.email, 'admin']);
      expect(role.code).toBe(1);
      expect(role.stderr).toMatch(/^latchkey: /);
      const password = await run(
        ['user', 'set-password', account.email, '--password-stdin'],
        `${OTHER_PASSWORD}\n`,
      );
      expect(password.code).toBe(1);
    } finally {
      if (target.kind === 'sqlite') await sql`drop trigger audit_read_only`.execute(db);
      else await sql`drop trigger audit_read_only on audit_log`.execute(db);
    }
    const stored = await createSqlAccountStore(target.db()).byId(account.id);
    expect(stored?.role).toBe('user');
    expect(stored?.passwordHash).toBe(account.passwordHash);
    expect((await run(['user', 'role', account.email, 'admin'])).code).toBe(0);
  });

  it('user set-password applies the policy, replaces the hash and ends the sessions the old password opened', async () => {
    const account = await createUser(newEmail('setpw'));
    const app = appSide(target.db());
    const cookie = await app.login(account, true);
    const refused = await run(
      ['user', 'set-password', account.email, '--password-stdin'],
      account.email,
    );
    expect(refused.code).toBe(1);
    expectOneLineError(refused, /The password was refused/);
    const changed = await run(
      ['user', 'set-password', account.id, '--password-stdin', '--json'],
      `${OTHER_PASSWORD}\n`,
    );
    expect(changed.code, changed.stderr).toBe(0);
    expect(jsonOf(changed)).toEqual({ id: account.id, email: account.email, sessionsEnded: 1 });
    expect(await app.whoIs(cookie)).toBeNull();
    const stored = await app.manager.config.userLoader?.(account.id);
    const hasher = createPasswordHasher();
    expect(await hasher.verify(stored?.passwordHash ?? '', OTHER_PASSWORD)).toBe(true);
    expect(await hasher.verify(stored?.passwordHash ?? '', PASSWORD)).toBe(false);
  });

  it('an id that starts with "-" (made by an earlier version) is refused as an option with a hint, and found after "--"', async () => {
    // "-h…" and "-V…" would otherwise be read as help and the version, and exit 0 doing nothing.
    for (const start of ['-h', '-V', '-x']) {
      const id = `${start}${randomBytes(16).toString('base64url').slice(2)}`;
      const email = newEmail('dashed');
      const created = await createSqlAccountStore(target.db()).create({
        id,
        email,
        username: `d${randomBytes(5).toString('hex')}`,
        passwordHash: 'unused',
        createdAt: Date.now(),
      });
      expect(created).toMatchObject({ id, email });
      const bare = await run(['user', 'show', id, '--json']);
      expect(bare.code, id).toBe(2);
      expectOneLineError(bare, `goes after "--", as in: latchkey user show -- ${id}`);
      const shown = await run(['user', 'show', '--json', '--', id]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(jsonOf(shown)).toMatchObject({ id, email });
    }
  });

  it('sessions list shows the live sessions; revoke --id ends one of them, revoke ends the rest', async () => {
    const account = await createUser(newEmail('sessions'));
    const app = appSide(target.db());
    const first = await app.login(account);
    const second = await app.login(account, true);
    const listed = jsonOf<{ sessions: { id: string; remembered: boolean }[] }>(
      await run(['sessions', 'list', account.email, '--json']),
    );
    expect(listed.sessions).toHaveLength(2);
    const text = await run(['sessions', 'list', account.email]);
    for (const session of listed.sessions) expect(text.stdout).toContain(session.id);

    const firstId = hashSecret(/session=([^;]+)/.exec(first)?.[1] ?? '');
    expect(listed.sessions.map((session) => session.id)).toContain(firstId);
    const foreign = await run(['sessions', 'revoke', account.email, '--id', 'not-a-session']);
    expect(foreign.code).toBe(1);
    expectOneLineError(foreign, /has no live session with the id not-a-session/);
    const one = await run(['sessions', 'revoke', account.email, '--id', firstId]);
    expect(one.stdout).toBe(`Ended 1 session of ${account.email}.\n`);
    expect(await app.whoIs(first)).toBeNull();
    expect(await app.whoIs(second)).toBe(account.email);

    const rest = jsonOf(await run(['sessions', 'revoke', account.email, '--json']));
    expect(rest).toEqual({ email: account.email, sessionsEnded: 1 });
    expect(await app.stored(account.id)).toEqual({ sessions: 0, rememberTokens: 0 });
    expect(await app.whoIs(second)).toBeNull();
    expect((await run(['sessions', 'list', account.email])).stdout).toMatch(
      /has no live sessions\./,
    );
  });

  it('prune deletes expired sessions, tokens and counters, keeps live ones, and counts what went', async () => {
    const account = await createUser(newEmail('prune'));
    const app = appSide(target.db());
    const live = await app.login(account);
    const { stores } = app.manager;
    const past = Date.now() - 1000;
    await stores.sessions.create({
      id: `expired-${randomBytes(8).toString('hex')}`,
      userId: account.id,
      createdAt: past - 10_000,
      lastSeenAt: past - 10_000,
      expiresAt: past,
      absoluteExpiresAt: past,
      freshAt: null,
      remembered: false,
      rememberSelector: null,
      fingerprint: null,
      userAgent: null,
      address: null,
      data: {},
    });
    await stores.tokens.create({
      selector: randomBytes(16).toString('base64url'),
      userId: account.id,
      purpose: 'reset',
      hash: 'h',
      previousHash: null,
      rotatedAt: null,
      createdAt: past - 10_000,
      expiresAt: past,
      data: null,
    });
    await stores.counters?.increment(`prune-${randomBytes(4).toString('hex')}`, 1, past - 10);
    const apiTokenStore = createSqlApiTokenStore(target.db());
    await apiTokenStore.create({
      id: randomBytes(16).toString('base64url'),
      userId: account.id,
      name: 'expired',
      scopes: [],
      hash: 'h',
      createdAt: past - 10_000,
      expiresAt: past,
      lastUsedAt: null,
    });
    const audit = createSqlAuditLog(target.db());
    const day = 86_400_000;
    const old = (at: number) =>
      auditEntry({ type: 'login_ok', accountId: account.id, address: null }, at, systemRandom);
    await audit.append(old(past - 40 * day));
    await audit.append(old(past - 20 * day));
    const pruned = await run(['prune', '--audit-days', '30', '--json']);
    expect(pruned.code, pruned.stderr).toBe(0);
    const counts = jsonOf<{
      sessions: number;
      tokens: number;
      apiTokens: number;
      counters: number;
      audit: number;
      auditRetentionDays: number;
    }>(pruned);
    // Other tests of this suite share the database: at least ours went, and the live one stayed.
    expect(counts.sessions).toBeGreaterThanOrEqual(1);
    expect(counts.tokens).toBeGreaterThanOrEqual(1);
    expect(counts.apiTokens).toBeGreaterThanOrEqual(1);
    expect(counts.counters).toBeGreaterThanOrEqual(1);
    expect(counts.audit).toBeGreaterThanOrEqual(1);
    expect(counts.auditRetentionDays).toBe(30);
    const kept = await audit.list({ accountId: account.id, limit: 50 });
    expect(kept.map((e) => e.at)).toContain(past - 20 * day);
    expect(kept.map((e) => e.at)).not.toContain(past - 40 * day);
    expect(await app.whoIs(live)).toBe(account.email);
    const again = await run(['prune']);
    expect(again.stdout).toBe(
      'Deleted 0 expired sessions, 0 expired tokens, 0 expired API tokens, 0 expired throttle counters and 0 audit entries older than 365 days.\n',
    );
    const badEnv = await cli.run(['prune'], {
      env: { ...target.env(), AUDIT_RETENTION_DAYS: 'forever' },
    });
    expect(badEnv.code).toBe(2);
    expectOneLineError(badEnv, /AUDIT_RETENTION_DAYS must be a whole number of days/);
  });

  it("a running app process with warm caches refuses what the CLI ends at once, over the database's own channel", async () => {
    const account = await createUser(newEmail('channel'));
    // A running app: the stores and channel connectStores opens, caches on (the default).
    const app = await connectStores({ databaseUrl: target.env().DATABASE_URL ?? '' });
    const manager = new LoginManager<Account>({
      ...accountLoginOptions(createSqlAccountStore(target.db())),
      stores: app.stores,
    });
    await expect.poll(() => app.invalidation.isLive?.() ?? true).toBe(true);
    const whoIs = whoIsOn(manager);
    try {
      const one = await loginAs(manager, account);
      const two = await loginAs(manager, account);
      expect(await whoIs(one)).toBe(account.email);
      expect(await whoIs(two)).toBe(account.email);
      const oneId = hashSecret(/session=([^;]+)/.exec(one)?.[1] ?? '');
      expect((await run(['sessions', 'revoke', account.email, '--id', oneId])).code).toBe(0);
      // The session is cached for a minute: only the channel can end it within the second.
      await expect.poll(() => whoIs(one), { timeout: 1000 }).toBeNull();
      expect(await whoIs(two)).toBe(account.email);
      expect((await run(['user', 'disable', account.email])).code).toBe(0);
      await expect.poll(() => whoIs(two), { timeout: 1000 }).toBeNull();
    } finally {
      manager.close();
      await app.close();
    }
  });

  it('sessions revoke-all asks for --yes, then ends every session of every account and records it', async () => {
    const first = await createUser(newEmail('all'));
    const second = await createUser(newEmail('all'));
    const app = appSide(target.db());
    const cookies = [await app.login(first), await app.login(second, true)];
    const asked = await run(['sessions', 'revoke-all']);
    expect(asked.code).toBe(2);
    expectOneLineError(asked, /add --yes to go ahead/);
    expect(await app.whoIs(cookies[0] ?? '')).toBe(first.email);
    const done = await run(['sessions', 'revoke-all', '--yes', '--json']);
    expect(done.code, done.stderr).toBe(0);
    const counts = jsonOf<{ accounts: number; sessionsEnded: number }>(done);
    // Other tests of this suite share the database: at least these two accounts and sessions.
    expect(counts.accounts).toBeGreaterThanOrEqual(2);
    expect(counts.sessionsEnded).toBeGreaterThanOrEqual(2);
    for (const cookie of cookies) expect(await app.whoIs(cookie)).toBeNull();
    expect(await app.stored(second.id)).toEqual({ sessions: 0, rememberTokens: 0 });
    const entries = await createSqlAuditLog(target.db()).list({ limit: 20 });
    expect(entries.find((entry) => entry.type === 'all_sessions_revoked')).toMatchObject({
      accountId: null,
      actorId: null,
      userAgent: 'latchkey command line',
      detail: { accounts: counts.accounts, sessionsEnded: counts.sessionsEnded },
    });
  });

  it('a user that does not exist is a one-line failure (exit 1)', async () => {
    const missing = await run(['user', 'disable', 'nobody@example.test']);
    expect(missing.code).toBe(1);
    expectOneLineError(missing, 'No account has the email nobody@example.test.');
  });
}

describe('latchkey on a SQLite file', () => {
  const target = useSqliteTarget();

  it('refuses to work on a database file that does not exist, and creates none', async () => {
    const absent = await cli.run(['user', 'list'], { env: target.env() });
    expect(absent.code).toBe(1);
    expectOneLineError(
      absent,
      /There is no database at .*app\.db: set DATABASE_URL, or run "latchkey db migrate"/,
    );
  });

  commandSuite(target);
});

describePostgres('latchkey on PostgreSQL', (pg) => {
  const target = postgresTarget(pg);

  it('refuses to work on a database that is not migrated yet (exit 1)', async () => {
    const before = await cli.run(['user', 'list'], { env: target.env() });
    expect(before.code).toBe(1);
    expectOneLineError(
      before,
      /The database is not up to date \(\d+ migrations to run\): run "latchkey db migrate" first\./,
    );
  });

  commandSuite(target);
});

describeRedis('latchkey with REDIS_URL', (redis) => {
  const target = useSqliteTarget('redis.db');
  const env = () => ({ ...target.env(), REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix });

  it('user disable and sessions revoke end Redis sessions, and a running manager with warm caches hears it on the channel at once', async () => {
    expect((await cli.run(['db', 'migrate'], { env: env() })).code).toBe(0);
    const created = await cli.run(
      [
        'user',
        'create',
        newEmail('redis'),
        '--username',
        'redisuser',
        '--password-stdin',
        '--json',
      ],
      { env: env(), input: PASSWORD },
    );
    expect(created.code, created.stderr).toBe(0);
    const { id } = jsonOf<{ id: string }>(created);
    const accounts = createSqlAccountStore(target.db());
    const account = await accounts.byId(id);
    if (!account) throw new Error('the created account is not in the database');
    // A running app: Redis stores and channel, caches on (the default).
    const stores = createRedisStores(redis.connect(), { prefix: redis.prefix });
    const manager = new LoginManager<Account>({ ...accountLoginOptions(accounts), stores });
    await expect.poll(() => stores.sessions.invalidation.isLive?.() ?? false).toBe(true);
    const whoIs = whoIsOn(manager);
    try {
      const one = await loginAs(manager, account);
      const two = await loginAs(manager, account, { remember: true });
      expect(await whoIs(one)).toBe(account.email);
      expect(await whoIs(two)).toBe(account.email);
      const listed = jsonOf<{ sessions: { id: string }[] }>(
        await cli.run(['sessions', 'list', account.email, '--json'], { env: env() }),
      );
      expect(listed.sessions).toHaveLength(2);

      const oneId = hashSecret(/session=([^;]+)/.exec(one)?.[1] ?? '');
      await cli.run(['sessions', 'revoke', account.email, '--id', oneId], { env: env() });
      // Cached sessions would be trusted for a minute: only the channel can end this one now.
      await expect.poll(() => whoIs(one), { timeout: 1000 }).toBeNull();
      expect(await whoIs(two)).toBe(account.email);

      const disabled = jsonOf(
        await cli.run(['user', 'disable', account.email, '--json'], { env: env() }),
      );
      expect(disabled).toMatchObject({ disabled: true, sessionsEnded: 1 });
      await expect.poll(() => whoIs(two), { timeout: 1000 }).toBeNull();
      expect(await stores.sessions.listForUser(account.id, Date.now())).toEqual([]);
      expect(await stores.tokens.listForUser(account.id, Date.now(), 'remember')).toEqual([]);
    } finally {
      manager.close();
      await stores.close();
    }
  });
});

describe('latchkey as a command line', () => {
  const target = useSqliteTarget('prompt.db');

  it('prints help for every command and subcommand, exit 0', async () => {
    const commands = [
      [],
      ['db'],
      ['db', 'migrate'],
      ['user'],
      ['user', 'create'],
      ['user', 'list'],
      ['user', 'show'],
      ['user', 'disable'],
      ['user', 'enable'],
      ['user', 'set-password'],
      ['sessions'],
      ['sessions', 'list'],
      ['sessions', 'revoke'],
      ['prune'],
      ['import'],
      ['import', 'flask'],
    ];
    for (const command of commands) {
      const help = await cli.run([...command, '--help']);
      expect(help.code, command.join(' ')).toBe(0);
      expect(help.stdout).toMatch(
        new RegExp(`^Usage: latchkey${command.map((c) => ` ${c}`).join('')} `),
      );
    }
  });

  it('answers a wrong command line with one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['user', 'list', '--colour'], /unknown option '--colour'/],
      [['user', 'show'], /missing required argument 'user'/],
      [['user', 'list', '--limit', 'lots'], /--limit <n>.*Use a whole number from 1 to 1000\./],
      [['user', 'create', 'a@example.test'], /required option '--username <name>' not specified/],
      [['import', 'flask', 'x.db', '--batch-size', '0'], /Use a whole number from 1 to 10000/],
    ];
    for (const [args, message] of cases) {
      const wrong = await cli.run(args, { env: target.env() });
      expect(wrong.code, args.join(' ')).toBe(2);
      expectOneLineError(wrong, message);
    }
  });

  it('refuses a malformed DATABASE_URL, REDIS_URL or REDIS_PREFIX (exit 2)', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ DATABASE_URL: 'mysql://db/app' }, 'DATABASE_URL must be sqlite:PATH or postgres://…'],
      [
        { REDIS_URL: 'http://127.0.0.1:6379' },
        'REDIS_URL must look like redis://host:port or rediss://…',
      ],
      [
        { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'has space' },
        'REDIS_PREFIX must be 1 to 64 characters without spaces, braces or control characters.',
      ],
    ];
    for (const [env, message] of cases) {
      const bad = await cli.run(['user', 'list'], { env: { ...target.env(), ...env } });
      expect(bad.code, message).toBe(2);
      expectOneLineError(bad, message);
    }
  });

  it('says in one line, exit 1, when Redis cannot be reached', async () => {
    expect((await cli.run(['db', 'migrate'], { env: target.env() })).code).toBe(0);
    const down = await cli.run(['prune'], {
      env: { ...target.env(), REDIS_URL: 'redis://127.0.0.1:1' },
    });
    expect(down.code).toBe(1);
    expectOneLineError(
      down,
      /^latchkey: Redis at redis:\/\/127\.0\.0\.1:1 did not answer \(.*ECONNREFUSED.*\)\.$/,
    );
  });

  it('says in one line, exit 1, when PostgreSQL cannot be reached', async () => {
    const down = await cli.run(['user', 'list'], {
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
    });
    expect(down.code).toBe(1);
    expectOneLineError(down, /the database refused the connection/);
  });

  it('user create at a terminal asks for the password twice and never shows it', async () => {
    expect((await cli.run(['db', 'migrate'], { env: target.env() })).code).toBe(0);
    const email = newEmail('tty');
    const typed = answersAtPrompts(PASSWORD, PASSWORD);
    const created = await cli.runAtTerminal(['user', 'create', email, '--username', 'ttyuser'], {
      env: target.env(),
      answer: typed,
    });
    expect(created.code, created.stdout).toBe(0);
    expect(created.stdout).toContain('New password: ');
    expect(created.stdout).toContain('Repeat the password: ');
    expect(created.stdout).toContain(`Created ${email}`);
    expect(created.stdout).not.toContain(PASSWORD);
    const shown = jsonOf<{ email: string }>(
      await cli.run(['user', 'show', email, '--json'], { env: target.env() }),
    );
    expect(shown.email).toBe(email);
  });

  it('a terminal user who types two different passwords is refused (exit 1) and nothing is created', async () => {
    const email = newEmail('mismatch');
    const created = await cli.runAtTerminal(['user', 'create', email, '--username', 'mismatched'], {
      env: target.env(),
      answer: answersAtPrompts(PASSWORD, OTHER_PASSWORD),
    });
    expect(created.code).toBe(1);
    expect(created.stdout).toContain('latchkey: The two passwords do not match.');
    expect((await cli.run(['user', 'show', email], { env: target.env() })).code).toBe(1);
  });

  it('user create without a terminal and without --password-stdin is a usage error', async () => {
    const piped = await cli.run(['user', 'create', newEmail('pipe'), '--username', 'piped'], {
      env: target.env(),
      input: `${PASSWORD}\n`,
    });
    expect(piped.code).toBe(2);
    expectOneLineError(piped, /pass --password-stdin/);
  });
});

/** Types each answer once its prompt has appeared, as a person at the keyboard would. */
function answersAtPrompts(first: string, second: string): (screen: string) => string | null {
  let step = 0;
  return (screen) => {
    if (step === 0 && screen.includes('New password: ')) {
      step = 1;
      return `${first}\r`;
    }
    if (step === 1 && screen.includes('Repeat the password: ')) {
      step = 2;
      return `${second}\r`;
    }
    return null;
  };
}
