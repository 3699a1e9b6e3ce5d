/**
 * Registration: the account and its confirmation mail, the field limits and password rules
 * under "Names and limits", the same answer for taken addresses, and concurrent sign-ups.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Reply } from './support/browser.js';
import { countAccounts, locationPath } from './support/checks.js';
import { login, newIdentity, register, registrationFields } from './support/flows.js';
import { formFor, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

const accountsWithEmail = (email: string) => countAccounts(app, 'email', email);
const accountsWithUsername = (username: string) => countAccounts(app, 'username', username);

/** Submits the registration form with the given fields over a fresh identity's. */
async function registerWith(
  fields: Partial<Record<'email' | 'username' | 'password' | 'password2', string>>,
  browser: Browser = app.browser(),
): Promise<Reply> {
  const who = newIdentity('reg');
  const password = fields.password ?? who.password;
  return browser.submit('/auth/register', {
    ...registrationFields({ ...who, password }),
    ...fields,
  });
}

/** The form came back with a refusal (422 or 400) and its fields. */
function expectRefused(reply: Reply): void {
  expect([400, 422]).toContain(reply.status);
  expect(formFor(reply.text, '/auth/register')).toBeDefined();
}

describe('POST /auth/register', () => {
  it('creates the account, mails a confirmation link and answers 302', async () => {
    const who = newIdentity('newacct');
    const reply = await register(app.browser(), who);
    expect(reply.status).toBe(302);
    expect(accountsWithEmail(who.email)).toBe(1);
    const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
    expect(mail.tokenLink?.startsWith(`${app.publicUrl}/auth/confirm/`)).toBe(true);
  });

  it('mail is sent from MAIL_FROM', async () => {
    const who = newIdentity('sender');
    await register(app.browser(), who);
    const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
    expect(mail.from).toBe('no-reply@latchkey.test');
    expect(mail.raw).toMatch(/^From:.*no-reply@latchkey\.test/m);
  });

  it('the confirmation mail has a text and an HTML part, both with the absolute link', async () => {
    const who = newIdentity('parts');
    await register(app.browser(), who);
    const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
    expect(mail.partTypes).toEqual(expect.arrayContaining(['text/plain', 'text/html']));
    expect(mail.html).toContain(mail.tokenLink);
  });

  it('stores the email trimmed and lower-cased, so login matches it ignoring case', async () => {
    const who = newIdentity('casing');
    const typed = `  ${who.email.toUpperCase()}  `;
    expect((await register(app.browser(), { ...who, email: typed })).status).toBe(302);
    expect(accountsWithEmail(who.email)).toBe(1);
    const stored = app.sql(
      (db) =>
        db.prepare('SELECT email FROM users WHERE lower(email) = ?').get(who.email) as {
          email: string;
        },
    );
    expect(stored.email).toBe(who.email);
    expect(
      (await login(app.browser(), { ...who, email: ` ${who.email.toUpperCase()}` })).status,
    ).toBe(302);
  });

  it('an email of 254 characters is accepted, one of 255 is refused with 422/400', async () => {
    // Local parts stop at 64 and labels at 63, so 254 characters take several labels.
    const address = (last: number) =>
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(last)}.test`;
    const valid254 = address(56);
    expect(valid254).toHaveLength(254);
    const ok = await registerWith({ email: valid254 });
    expect(ok.status).toBe(302);
    const tooLong = address(57);
    expect(tooLong).toHaveLength(255);
    expectRefused(await registerWith({ email: tooLong }));
    expect(accountsWithEmail(tooLong)).toBe(0);
  });

  it('a value that is not an email address is refused with 422/400', async () => {
    expectRefused(await registerWith({ email: 'not-an-address' }));
  });

  it('usernames of 3 and 32 characters are accepted; 2 and 33 are refused', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const three = `u${suffix.slice(0, 2)}`;
    expect((await registerWith({ username: three })).status).toBe(302);
    const thirtyTwo = `n${suffix}`.padEnd(32, 'x');
    expect((await registerWith({ username: thirtyTwo })).status).toBe(302);
    expectRefused(await registerWith({ username: 'ab' }));
    expectRefused(await registerWith({ username: `m${suffix}`.padEnd(33, 'y') }));
  });

  it('usernames allow A-Z a-z 0-9 _ . - and nothing else', async () => {
    const unique = Math.random().toString(36).slice(2, 8);
    expect((await registerWith({ username: `Ok_.-9${unique}` })).status).toBe(302);
    for (const bad of [`bad name${unique}`, `naïve${unique}`, `a/b${unique}`, `a@b${unique}`]) {
      expectRefused(await registerWith({ username: bad }));
      expect(accountsWithUsername(bad)).toBe(0);
    }
  });

  it('a username taken ignoring case is refused and makes no second account', async () => {
    const unique = Math.random().toString(36).slice(2, 8);
    expect((await registerWith({ username: `Alice_${unique}` })).status).toBe(302);
    const second = await registerWith({ username: `aLICE_${unique}` });
    expect([400, 422]).toContain(second.status);
    expect(accountsWithUsername(`alice_${unique}`)).toBe(1);
  });

  it('password2 must equal password', async () => {
    const who = newIdentity('mismatch');
    expectRefused(await registerWith({ password: who.password, password2: `${who.password}x` }));
  });
});

describe('password rules', () => {
  it('14 code points are refused and 15 accepted, counting code points, not UTF-16 units', async () => {
    expectRefused(await registerWith({ password: '🔒🔑'.repeat(7) }));
    expect((await registerWith({ password: `${'🔒🔑'.repeat(7)}🗝` })).status).toBe(302);
  });

  it('length is counted after NFKC: 16 code points that compose to 8 are refused', async () => {
    const decomposed = 'e\u0301'.repeat(8);
    expect([...decomposed]).toHaveLength(16);
    expectRefused(await registerWith({ password: decomposed }));
  });

  it('a password is NFKC-normalised: the ligature form and the plain form log into the same account', async () => {
    const who = newIdentity('nfkc');
    const ligatures = 'ﬃ'.repeat(3) + 'ﬁ'.repeat(3) + 'ﬂ'.repeat(2);
    const plain = ligatures.normalize('NFKC');
    expect(plain.length).toBeGreaterThanOrEqual(15);
    const browser = app.browser();
    expect((await register(browser, { ...who, password: ligatures })).status).toBe(302);
    expect((await login(app.browser(), { email: who.email, password: plain })).status).toBe(302);
  });

  it('a password over 1024 bytes is refused; exactly 1024 bytes is accepted', async () => {
    const ascii1024 = 'Zq7!'.repeat(256);
    expect(Buffer.byteLength(ascii1024)).toBe(1024);
    expect((await registerWith({ password: ascii1024 })).status).toBe(302);
    expectRefused(await registerWith({ password: `${ascii1024}x` }));
    const wide = 'é'.repeat(513);
    expect(Buffer.byteLength(wide)).toBe(1026);
    expectRefused(await registerWith({ password: wide }));
  });

  it('a password on the common-passwords list is refused, ignoring case', async () => {
    expectRefused(await registerWith({ password: 'passwordpassword' }));
    expectRefused(await registerWith({ password: '1QAZ2WSX3EDC4RFV' }));
  });

  it('a password equal to the email, its local part or the username is refused', async () => {
    const who = newIdentity('context-password-check');
    expectRefused(await registerWith({ email: who.email, password: who.email }));
    const local = who.email.split('@')[0] ?? '';
    expect(local.length).toBeGreaterThanOrEqual(15);
    expectRefused(await registerWith({ email: who.email, password: local }));
    expect(who.username.length).toBeGreaterThanOrEqual(15);
    expectRefused(await registerWith({ username: who.username, password: who.username }));
    expect(accountsWithEmail(who.email)).toBe(0);
  });
});

describe('registration answers the same for known and unknown addresses', () => {
  it('a taken email answers like success (302, same page after it) and mails the owner', async () => {
    const owner = newIdentity('owner');
    const first = app.browser();
    const fresh = await register(first, owner);
    const freshNext = await first.get(locationPath(fresh) ?? '/');
    await app.mail.waitForMail({ to: owner.email, kind: 'confirm' });

    const second = app.browser();
    const again = await register(second, { ...newIdentity('other'), email: owner.email });
    expect(again.status).toBe(fresh.status);
    expect(locationPath(again)).toBe(locationPath(fresh));
    const againNext = await second.get(locationPath(again) ?? '/');
    expect(textOf(againNext.text)).toBe(textOf(freshNext.text));

    expect(accountsWithEmail(owner.email)).toBe(1);
    const notice = await app.mail.waitForMail({ to: owner.email, kind: 'notice' });
    expect(notice.partTypes).toEqual(expect.arrayContaining(['text/plain', 'text/html']));
    await app.mail.quiet();
    expect(app.mail.mailsTo(owner.email, 'confirm')).toHaveLength(1);
  });

  it('ten registrations of one address at once make exactly one account and no 5xx', async () => {
    const email = newIdentity('race').email;
    const browsers = Array.from({ length: 10 }, () => app.browser());
    const tokens = await Promise.all(
      browsers.map((browser) => browser.csrfToken('/auth/register')),
    );
    const replies = await Promise.all(
      browsers.map((browser, i) => {
        return browser.post('/auth/register', {
          ...registrationFields({ ...newIdentity(`race${i}`), email }),
          csrf_token: tokens[i] ?? '',
        });
      }),
    );
    for (const reply of replies) expect(reply.status).toBeLessThan(500);
    expect(replies.every((reply) => reply.status === 302)).toBe(true);
    expect(accountsWithEmail(email)).toBe(1);
  });
});
