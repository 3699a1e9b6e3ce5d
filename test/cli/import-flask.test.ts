/**
 * `latchkey import flask` on real Flask-style databases holding werkzeug hashes made by the real
 * algorithms: every row imported or reported with its reason, nothing written by a dry run, nothing
 * changed by a second run, and then the imported users log in to the reference app over HTTP with
 * their old passwords (and are rehashed to argon2id), or come back once through an old
 * Flask-Login remember cookie.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type Account,
  accountLoginOptions,
  createSqlAccountStore,
  createSqlLegacyIds,
} from '../../src/accounts/index.js';
import { encodeLegacyCookie } from '../../src/http/legacy-cookie.js';
import { LoginManager } from '../../src/index.js';
import { createPasswordHasher } from '../../src/password/index.js';
import {
  WERKZEUG_PASSWORD,
  WERKZEUG_PBKDF2_SHA1,
  WERKZEUG_PBKDF2_SHA256_600K,
  WERKZEUG_PBKDF2_SHA512,
  WERKZEUG_SCRYPT,
  WERKZEUG_UNICODE_PASSWORD,
  WERKZEUG_UNICODE_SCRYPT,
} from '../../src/password/test-support/werkzeug-fixtures.js';
import { createSqlStores, type LatchkeyDatabase } from '../../src/stores/sql/index.js';
import { describePostgres } from '../accounts/support/postgres.js';
import { isLoggedIn, locationPath } from '../app/support/checks.js';
import { login } from '../app/support/flows.js';
import { useTestApp } from '../app/support/test-app.js';
import { jsonOf, useBuiltCli } from './support/cli.js';
import {
  createFlaskyDatabase,
  createMicroblogDatabase,
  type FlaskUser,
} from './support/flask-databases.js';
import { postgresTarget, useSqliteTarget } from './support/targets.js';
import { werkzeugPbkdf2, werkzeugScrypt } from './support/werkzeug-hashes.js';

vi.setConfig({ testTimeout: 180_000 });

const cli = useBuiltCli('cli-import');
const FLASK_SECRET_KEY = 'the-old-flask-secret-key';
const ADA_PASSWORD = 'analytical engine notes, 1843';
const GRACE_PASSWORD = 'compilers are just programs';
const ALAN_PASSWORD = 'on computable numbers 1936';
const cheap = (password: string) => werkzeugPbkdf2(password, { iterations: 1000 });

const folder = mkdtempSync(join(tmpdir(), 'latchkey-flask-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Report {
  rows: number;
  imported: number;
  alreadyImported: number;
  dryRun: boolean;
  unread: number;
  skipped: { legacyId: string | null; email: string | null; reason: string }[];
  fields: Record<string, string>;
}

/** Flasky's users: four to import, and one row for each reason a row is skipped. */
function flaskyUsers(): FlaskUser[] {
  return [
    {
      id: 1,
      email: 'ada@example.com',
      username: 'ada',
      password_hash: werkzeugPbkdf2(ADA_PASSWORD),
      confirmed: true,
    },
    {
      id: 2,
      email: ' Grace@Example.COM ',
      username: 'grace',
      password_hash: werkzeugScrypt(GRACE_PASSWORD),
      confirmed: false,
    },
    {
      id: 3,
      email: 'ADA@example.com',
      username: 'ada2',
      password_hash: cheap('x'),
      confirmed: true,
    },
    { id: 4, email: 'not-an-email', username: 'bad', password_hash: cheap('x'), confirmed: true },
    {
      id: 5,
      email: 'bcrypt@example.com',
      username: 'bcrypt',
      password_hash: `$2b$12$${'a'.repeat(53)}`,
      confirmed: true,
    },
    { id: 6, email: null, username: 'noemail', password_hash: cheap('x'), confirmed: true },
    {
      id: 7,
      email: 'nohash@example.com',
      username: 'nohash',
      password_hash: null,
      confirmed: true,
    },
    {
      id: 8,
      email: 'sha1@example.com',
      username: 'oldsha',
      password_hash: 'sha1$abcd$0123',
      confirmed: true,
    },
    {
      id: 9,
      email: 'linus@example.com',
      username: 'ADA',
      password_hash: cheap('x'),
      confirmed: true,
    },
    {
      id: 10,
      email: 'plain@example.com',
      username: 'plain',
      password_hash: 'hunter2hunter2',
      confirmed: true,
    },
    {
      id: 11,
      email: 'alan@example.com',
      username: 'alan',
      password_hash: werkzeugPbkdf2(ALAN_PASSWORD, { digest: 'sha512', iterations: 50_000 }),
      confirmed: true,
    },
    {
      id: 12,
      email: 'ken@example.com',
      username: null,
      password_hash: cheap('x'),
      confirmed: true,
    },
  ];
}

const EXPECTED_SKIPS = [
  {
    legacyId: '3',
    email: 'ada@example.com',
    reason: 'duplicate email after normalisation (the same as id 1)',
  },
  { legacyId: '4', email: 'not-an-email', reason: 'invalid email address' },
  { legacyId: '5', email: 'bcrypt@example.com', reason: 'bcrypt password hash (not supported)' },
  { legacyId: '6', email: null, reason: 'missing email' },
  { legacyId: '7', email: 'nohash@example.com', reason: 'missing password hash' },
  {
    legacyId: '8',
    email: 'sha1@example.com',
    reason:
      'password hash uses an old werkzeug method (sha1$, md5$ or plain$) that is not safe to keep',
  },
  {
    legacyId: '9',
    email: 'linus@example.com',
    reason: 'duplicate username ignoring case (the same as id 1)',
  },
  {
    legacyId: '10',
    email: 'plain@example.com',
    reason: 'not a password hash format Latchkey can verify',
  },
];

describe('the test helper makes werkzeug hashes', () => {
  it('byte for byte as werkzeug does, for the fixed vectors werkzeug produced', () => {
    const salt = (fixture: string) => fixture.split('$')[1] ?? '';
    expect(werkzeugPbkdf2(WERKZEUG_PASSWORD, { salt: salt(WERKZEUG_PBKDF2_SHA256_600K) })).toBe(
      WERKZEUG_PBKDF2_SHA256_600K,
    );
    expect(
      werkzeugPbkdf2(WERKZEUG_PASSWORD, {
        salt: salt(WERKZEUG_PBKDF2_SHA1),
        digest: 'sha1',
        iterations: 1000,
      }),
    ).toBe(WERKZEUG_PBKDF2_SHA1);
    expect(
      werkzeugPbkdf2(WERKZEUG_PASSWORD, {
        salt: salt(WERKZEUG_PBKDF2_SHA512),
        digest: 'sha512',
        iterations: 1000,
      }),
    ).toBe(WERKZEUG_PBKDF2_SHA512);
    expect(werkzeugScrypt(WERKZEUG_PASSWORD, { salt: salt(WERKZEUG_SCRYPT) })).toBe(
      WERKZEUG_SCRYPT,
    );
    expect(werkzeugScrypt(WERKZEUG_UNICODE_PASSWORD, { salt: salt(WERKZEUG_UNICODE_SCRYPT) })).toBe(
      WERKZEUG_UNICODE_SCRYPT,
    );
  });
});

describe('importing a Flasky database into the running reference app', () => {
  const app = useTestApp({ env: { FLASK_SECRET_KEY } });
  const flasky = join(folder, 'data-dev.sqlite');
  let users: FlaskUser[] = [];
  beforeAll(() => {
    users = flaskyUsers();
    createFlaskyDatabase(flasky, users);
  });
  const env = () => ({ DATABASE_URL: `sqlite:${join(app.dataDir, 'app.db')}` });
  const importFlasky = (...options: string[]) =>
    cli.run(['import', 'flask', flasky, ...options], { env: env() });
  const count = (table: string) =>
    app.sql((db) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
  const hashOf = (email: string) =>
    app.sql(
      (db) =>
        (
          db.prepare('select password_hash from users where email = ?').get(email) as {
            password_hash: string;
          }
        ).password_hash,
    );

  it('a dry run reports every row as the import would, and writes nothing', async () => {
    const dry = await importFlasky('--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const report = jsonOf<Report>(dry);
    expect(report).toMatchObject({
      dryRun: true,
      rows: 12,
      imported: 4,
      alreadyImported: 0,
      unread: 0,
    });
    expect(report.skipped).toEqual(EXPECTED_SKIPS);
    expect(report.fields).toEqual({
      id: 'id',
      email: 'email',
      username: 'username',
      password_hash: 'password_hash',
      confirmed: 'confirmed',
    });
    expect(count('users')).toBe(0);
    expect(count('legacy_ids')).toBe(0);
  });

  it('imports the users with their werkzeug hashes as they were, and lists every skipped row with its reason', async () => {
    const run = await importFlasky();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Imported 4 users from sqlite:.*data-dev\.sqlite \(table users, 12 rows\)\.$/m,
    );
    expect(run.stdout).toContain('Skipped 8 rows:');
    for (const skip of EXPECTED_SKIPS) {
      expect(run.stdout).toMatch(
        new RegExp(`^  ${skip.legacyId} .*${escapeRegExp(skip.reason)}$`, 'm'),
      );
    }
    // A plain-text "hash" is never repeated anywhere.
    expect(run.stdout + run.stderr).not.toContain('hunter2');
    expect(run.stderr).toBe('Read 12 of 12 rows (100%).\n');

    const rows = app.sql((db) =>
      db
        .prepare(
          'select l.legacy_id, u.email, u.username, u.confirmed, u.disabled, u.password_hash from users u join legacy_ids l on l.account_id = u.id order by cast(l.legacy_id as integer)',
        )
        .all(),
    );
    const [ada, grace, alan, ken] = users.filter((user) => [1, 2, 11, 12].includes(user.id ?? 0));
    expect(rows).toEqual([
      {
        legacy_id: '1',
        email: 'ada@example.com',
        username: 'ada',
        confirmed: 1,
        disabled: 0,
        password_hash: ada?.password_hash,
      },
      {
        legacy_id: '2',
        email: 'grace@example.com',
        username: 'grace',
        confirmed: 0,
        disabled: 0,
        password_hash: grace?.password_hash,
      },
      {
        legacy_id: '11',
        email: 'alan@example.com',
        username: 'alan',
        confirmed: 1,
        disabled: 0,
        password_hash: alan?.password_hash,
      },
      {
        legacy_id: '12',
        email: 'ken@example.com',
        username: 'ken@example.com',
        confirmed: 1,
        disabled: 0,
        password_hash: ken?.password_hash,
      },
    ]);
  });

  it('a second run changes nothing and says so', async () => {
    const before = app.sql((db) => db.prepare('select * from users order by id').all());
    const again = await importFlasky();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^Nothing changed: every importable user of sqlite:.*\(table users, 12 rows\) was imported before\. 4 users imported before were left as they are\.$/m,
    );
    expect(again.stdout).toContain('Skipped 8 rows:');
    expect(app.sql((db) => db.prepare('select * from users order by id').all())).toEqual(before);
    const json = jsonOf<Report>(await importFlasky('--json'));
    expect(json).toMatchObject({ imported: 0, alreadyImported: 4 });
    expect(json.skipped).toEqual(EXPECTED_SKIPS);
  });

  it('an imported user logs in over HTTP with the old pbkdf2 or scrypt password, and the stored hash becomes argon2id', async () => {
    expect(hashOf('ada@example.com')).toMatch(/^pbkdf2:sha256:600000\$/);
    const browser = app.browser();
    const reply = await login(browser, { email: 'ADA@example.com', password: ADA_PASSWORD });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/');
    expect(await isLoggedIn(browser)).toBe(true);
    const rehashed = hashOf('ada@example.com');
    expect(rehashed).toMatch(/^\$argon2id\$/);
    expect(await createPasswordHasher().verify(rehashed, ADA_PASSWORD)).toBe(true);
    // The new hash serves the next login.
    expect(
      (await login(app.browser(), { email: 'ada@example.com', password: ADA_PASSWORD })).status,
    ).toBe(302);

    expect(hashOf('grace@example.com')).toMatch(/^scrypt:32768:8:1\$/);
    expect(
      (await login(app.browser(), { email: 'grace@example.com', password: GRACE_PASSWORD })).status,
    ).toBe(302);
    expect(hashOf('grace@example.com')).toMatch(/^\$argon2id\$/);
  });

  it('a wrong password for an imported user is refused and leaves the old hash alone', async () => {
    const stored = hashOf('alan@example.com');
    const reply = await login(app.browser(), {
      email: 'alan@example.com',
      password: `${ALAN_PASSWORD}!`,
    });
    expect(reply.status).toBe(401);
    expect(hashOf('alan@example.com')).toBe(stored);
  });

  it('a Flask-Login remember cookie signed with the old SECRET_KEY finds the imported user, once', async () => {
    const legacy = encodeLegacyCookie('11', FLASK_SECRET_KEY);
    const browser = app.browser();
    browser.setCookie('remember_token', legacy, true);
    const profile = await browser.get('/profile');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('alan');
    // Swapped for a revocable Latchkey token.
    expect(browser.cookie('remember_token')?.value).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(await isLoggedIn(browser)).toBe(true);

    const replay = app.browser();
    replay.setCookie('remember_token', legacy, true);
    expect(await isLoggedIn(replay)).toBe(false);
    const forged = app.browser();
    forged.setCookie('remember_token', encodeLegacyCookie('12', 'some-other-key'), true);
    expect(await isLoggedIn(forged)).toBe(false);
    const notImported = app.browser();
    notImported.setCookie('remember_token', encodeLegacyCookie('3', FLASK_SECRET_KEY), true);
    expect(await isLoggedIn(notImported)).toBe(false);
  });

  it('latchkey user show names the id an imported account had', async () => {
    const shown = jsonOf<{ legacyId: string; passwordScheme: string }>(
      await cli.run(['user', 'show', 'ken@example.com', '--json'], { env: env() }),
    );
    expect(shown).toMatchObject({ legacyId: '12', passwordScheme: 'werkzeug-pbkdf2' });
  });
});

describe('importing other Flask schemas', () => {
  const target = useSqliteTarget();
  const run = (args: string[]) => cli.run(args, { env: target.env() });

  it('finds Microblog’s user table by itself and counts its users as confirmed', async () => {
    expect((await run(['db', 'migrate'])).code).toBe(0);
    const microblog = join(folder, 'microblog.db');
    createMicroblogDatabase(microblog, [
      {
        id: 1,
        email: 'susan@example.com',
        username: 'susan',
        password_hash: werkzeugScrypt('dog food is tasty'),
      },
      { id: 2, email: 'john@example.com', username: 'john', password_hash: cheap('john') },
    ]);
    const report = jsonOf<Report>(await run(['import', 'flask', `sqlite:${microblog}`, '--json']));
    expect(report).toMatchObject({ imported: 2, skipped: [] });
    expect(report.fields).toEqual({
      id: 'id',
      email: 'email',
      username: 'username',
      password_hash: 'password_hash',
    });
    const susan = jsonOf<{ confirmed: boolean; passwordScheme: string; legacyId: string }>(
      await run(['user', 'show', 'susan@example.com', '--json']),
    );
    expect(susan).toMatchObject({
      confirmed: true,
      passwordScheme: 'werkzeug-scrypt',
      legacyId: '1',
    });
  });

  it('reads any table with --table and --map, keeps inactive users disabled, and reports a row without an id', async () => {
    const path = join(folder, 'custom.db');
    const db = new Database(path);
    db.exec(
      'create table members (member_no text, mail text, pw text, handle text, is_active boolean, joined text)',
    );
    const insert = db.prepare('insert into members values (?, ?, ?, ?, ?, ?)');
    insert.run('m-1', 'eve@example.com', cheap('eve'), 'eve', 1, '2020');
    insert.run('m-2', 'mallory@example.com', cheap('mallory'), 'mallory', 0, '2021');
    insert.run(null, 'trent@example.com', cheap('trent'), 'trent', 1, '2022');
    db.close();
    const maps = [
      '--map',
      'member_no=id',
      '--map',
      'MAIL=email',
      '--map',
      'pw=password_hash',
      '--map',
      'handle=username',
    ];
    const report = jsonOf<Report>(
      await run(['import', 'flask', path, '--table', 'members', ...maps, '--json']),
    );
    expect(report).toMatchObject({ rows: 3, imported: 2, unread: 0 });
    expect(report.skipped).toEqual([
      { legacyId: null, email: 'trent@example.com', reason: 'missing id' },
    ]);
    expect(report.fields).toMatchObject({ id: 'member_no', email: 'mail', active: 'is_active' });
    const mallory = jsonOf<{ disabled: boolean; legacyId: string }>(
      await run(['user', 'show', 'mallory@example.com', '--json']),
    );
    expect(mallory).toEqual(expect.objectContaining({ disabled: true, legacyId: 'm-2' }));

    const unmapped = await run(['import', 'flask', path, '--table', 'members']);
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toMatch(
      /^latchkey: Table members has no column for id, email, password_hash \(its columns: member_no, mail, pw, handle, is_active, joined\): name it with --map COLUMN=id\.\n$/,
    );
    const wrongColumn = await run([
      'import',
      'flask',
      path,
      '--table',
      'members',
      '--map',
      'nope=email',
    ]);
    expect(wrongColumn.code).toBe(2);
    expect(wrongColumn.stderr).toBe(
      'latchkey: --map nope=email: table members has no column "nope".\n',
    );
    const wrongField = await run([
      'import',
      'flask',
      path,
      '--table',
      'members',
      '--map',
      'mail=e-mail',
    ]);
    expect(wrongField.code).toBe(2);
    expect(wrongField.stderr).toMatch(
      /--map mail=e-mail: use COLUMN=FIELD, where FIELD is one of id, email/,
    );
    const noTable = await run(['import', 'flask', path]);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toMatch(
      /has no "users" or "user" table: name the users table with --table\.\n$/,
    );
    const noFile = await run(['import', 'flask', join(folder, 'absent.db')]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/^latchkey: There is no SQLite database at .*absent\.db\.\n$/);
  });

  it('imports thousands of rows in batches, with a progress bar on a terminal and plain lines otherwise', async () => {
    const path = join(folder, 'many.sqlite');
    const tag = randomBytes(3).toString('hex');
    const users = Array.from({ length: 2500 }, (_, i) => ({
      id: 1000 + i,
      email: `many-${tag}-${i}@example.com`,
      username: `many_${tag}_${i}`,
      password_hash: werkzeugPbkdf2(`pw ${i}`, { iterations: 1 }),
      confirmed: true,
    }));
    createFlaskyDatabase(path, users);
    const atTerminal = await cli.runAtTerminal(
      ['import', 'flask', path, '--dry-run', '--batch-size', '500'],
      {
        env: target.env(),
      },
    );
    expect(atTerminal.code, atTerminal.stdout).toBe(0);
    expect(atTerminal.stdout).toMatch(/Importing \|.*\| 100% \| 2500\/2500 rows/);
    expect(atTerminal.stdout).toContain('Dry run: would import 2500 users');

    const piped = await run(['import', 'flask', path, '--batch-size', '1000']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toMatch(/^Imported 2500 users from /m);
    expect(piped.stderr.trimEnd().split('\n')).toEqual([
      'Read 1000 of 2500 rows (40%).',
      'Read 2000 of 2500 rows (80%).',
      'Read 2500 of 2500 rows (100%).',
    ]);
    expect(piped.stderr).not.toContain('\u001b[');
    const page = jsonOf<{ total: number }>(
      await run(['user', 'list', '--search', `many-${tag}`, '--json']),
    );
    expect(page.total).toBe(2500);
  });
});

describePostgres('importing from PostgreSQL into PostgreSQL', (run) => {
  const target = postgresTarget(run);
  const sourceSchema = `flask_src_${randomBytes(5).toString('hex')}`;
  const sourceUrl = () => {
    const url = new URL(process.env.TEST_POSTGRES_URL ?? '');
    url.searchParams.set('options', `-c search_path=${sourceSchema}`);
    return url.href;
  };
  afterAll(async () => {
    await sql`drop schema if exists ${sql.id(sourceSchema)} cascade`.execute(run.db());
  });

  it('imports a Flasky users table from another PostgreSQL schema, idempotently, and an old remember cookie finds the user', async () => {
    const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`create schema ${sourceSchema}`);
      await client.query(`create table ${sourceSchema}.users (
        id serial primary key, email varchar(64) unique, username varchar(64) unique,
        role_id integer, password_hash varchar(256), confirmed boolean default false,
        member_since timestamp without time zone)`);
      await client.query(
        `insert into ${sourceSchema}.users (id, email, username, password_hash, confirmed, member_since)
         values ($1, $2, $3, $4, true, now()), ($5, $6, $7, $8, false, now()), ($9, $10, $11, $12, true, now())`,
        [
          41,
          'Barbara@Example.com',
          'barbara',
          werkzeugPbkdf2(ADA_PASSWORD, { iterations: 10_000 }),
          42,
          'edsger@example.com',
          'edsger',
          cheap('goto considered harmful'),
          43,
          'nohash@example.com',
          'nohashpg',
          'md5$x$y',
        ],
      );
    } finally {
      await client.end();
    }
    const env = target.env();
    expect((await cli.run(['db', 'migrate'], { env })).code).toBe(0);
    const first = jsonOf<Report>(
      await cli.run(['import', 'flask', sourceUrl(), '--json'], { env }),
    );
    expect(first).toMatchObject({ rows: 3, imported: 2, alreadyImported: 0 });
    expect(first.skipped).toEqual([
      {
        legacyId: '43',
        email: 'nohash@example.com',
        reason:
          'password hash uses an old werkzeug method (sha1$, md5$ or plain$) that is not safe to keep',
      },
    ]);
    const second = await cli.run(['import', 'flask', sourceUrl()], { env });
    expect(second.stdout).toMatch(
      /^Nothing changed: every importable user of postgres:\/\/.* was imported before\./m,
    );

    const db = target.db();
    const accounts = createSqlAccountStore(db);
    const barbara = await accounts.byEmail('barbara@example.com');
    expect(barbara?.confirmed).toBe(true);
    expect(await createPasswordHasher().verify(barbara?.passwordHash ?? '', ADA_PASSWORD)).toBe(
      true,
    );
    expect((await accounts.byEmail('edsger@example.com'))?.confirmed).toBe(false);

    const manager = new LoginManager<Account>({
      ...accountLoginOptions(accounts),
      stores: createSqlStores(db as unknown as Kysely<LatchkeyDatabase>),
      legacyRemember: { keys: FLASK_SECRET_KEY, userIdFor: createSqlLegacyIds(db).accountIdFor },
    });
    const cookie = `remember_token=${encodeLegacyCookie('41', FLASK_SECRET_KEY)}`;
    const request = {
      method: 'GET',
      url: 'http://latchkey.test/',
      header: (name: string) => (name === 'cookie' ? cookie : null),
      remoteAddress: null,
    };
    expect((await manager.begin(request).currentUser())?.email).toBe('barbara@example.com');
    expect(await manager.begin(request).currentUser()).toBeNull();
    manager.close();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
