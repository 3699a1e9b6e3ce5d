/**
 * The reference app on PostgreSQL (`DATABASE_URL=postgres://…`): the account flows and the
 * one-account-per-address rule hold on the server database as they do on SQLite.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describePostgres } from '../accounts/support/postgres.js';
import { isLoggedIn, jsonOf, locationPath } from './support/checks.js';
import { changePassword, login, newIdentity, register, signUp } from './support/flows.js';
import { elementsWith, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const ADMIN_EMAIL = `pg-root-${randomBytes(4).toString('hex')}@example.test`;

describePostgres('the reference app on PostgreSQL', (run) => {
  const app = useTestApp(() => ({ env: { DATABASE_URL: run.connectionString(), ADMIN_EMAIL } }));

  async function userRows(email: string): Promise<number> {
    const result = await sql<{
      count: string;
    }>`select count(*) as count from users where email = ${email}`.execute(run.db());
    return Number(result.rows[0]?.count ?? 0);
  }

  it('answers /healthz with 200 while PostgreSQL answers', async () => {
    expect((await app.browser().get('/healthz')).status).toBe(200);
  });

  it('registers, confirms by mail, logs in with remember-me and restores after the browser closes', async () => {
    const { who, browser } = await signUp(app, { label: 'pg', remember: true });
    expect(await userRows(who.email)).toBe(1);
    browser.closeBrowser();
    const profile = await browser.get('/profile');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain(who.username);
  });

  it('a password change logs the other browser out and keeps this one', async () => {
    const { who, browser } = await signUp(app, { label: 'pgpw' });
    const other = app.browser();
    expect(locationPath(await login(other, who))).toBe('/');
    const reply = await changePassword(browser, who, `${who.password} and more`);
    expect(reply.status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(true);
    expect(await isLoggedIn(other)).toBe(false);
  });

  it('ten registrations of one address at once make exactly one account and no 5xx', async () => {
    const who = newIdentity('pgrace');
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        register(app.browser(), { ...who, username: `${who.username.slice(0, 24)}_${i}` }),
      ),
    );
    for (const reply of replies) expect(reply.status).toBeLessThan(500);
    expect(await userRows(who.email)).toBe(1);
  });

  it('an API token answers /api/me, and an admin disabling the account ends it and the session', async () => {
    const root = await signUp(app, { who: { ...newIdentity('pgroot'), email: ADMIN_EMAIL } });
    const { who, browser } = await signUp(app, { label: 'pgtoken' });
    const made = await browser.submit('/auth/tokens', { name: 'ci', scope: 'profile:read' });
    const token = textOf(elementsWith(made.text, 'data-api-token')[0]?.inner ?? '');
    const me = () => app.browser().get('/api/me', { authorization: `Bearer ${token}` });
    expect(jsonOf(await me())).toEqual({ username: who.username, email: who.email });
    const list = await root.browser.get(`/admin/users?q=${encodeURIComponent(who.email)}`);
    const id = elementsWith(list.text, 'data-user-id')[0]?.tag.attributes['data-user-id'];
    const reply = await root.browser.submit(
      `/admin/users/${id}/disable`,
      {},
      {
        page: '/admin/users',
      },
    );
    expect(reply.status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(false);
    expect((await me()).status).toBe(401);
    const audit = await root.browser.get('/admin/audit');
    expect(textOf(elementsWith(audit.text, 'data-audit-id')[0]?.inner ?? '')).toContain(
      'account_disabled',
    );
  });
});
