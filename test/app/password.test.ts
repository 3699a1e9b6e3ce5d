/**
 * Changing and resetting the password: who stays logged in, which links die, which notices
 * go out, and the reset link's single use, expiry and Referrer-Policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Reply } from './support/browser.js';
import { isLoggedIn, locationPath, SESSION_COOKIE } from './support/checks.js';
import {
  type Identity,
  login,
  newIdentity,
  newPassword,
  register,
  registerConfirmed,
  signUp,
} from './support/flows.js';
import { formFor, inputNamed, textOf } from './support/html.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const MINUTE = 60_000;

function changePassword(browser: Browser, who: Identity, password: string): Promise<Reply> {
  return browser.submit('/auth/change-password', {
    old_password: who.password,
    password,
    password2: password,
  });
}

async function resetLink(who: Identity): Promise<string> {
  expect((await app.browser().submit('/auth/reset', { email: who.email })).status).toBe(302);
  const mail = await app.mail.waitForMail({ to: who.email, kind: 'reset' });
  return mail.tokenLink ?? '';
}

function setNewPassword(browser: Browser, link: string, password: string): Promise<Reply> {
  return browser.submit(link, { password, password2: password }, { page: link });
}

/** POSTs a new password to a link with a token from another page (the link's own page may refuse). */
async function postToLink(link: string, password: string): Promise<Reply> {
  const browser = app.browser();
  const token = await browser.csrfToken('/auth/reset');
  return browser.post(link, { password, password2: password, csrf_token: token });
}

function expectBadLink(reply: Reply): void {
  expect(reply.status).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
}

describe('POST /auth/change-password', () => {
  it('changes the password and answers 302; the old password stops working', async () => {
    const { who, browser } = await signUp(app, { label: 'change' });
    const password = newPassword();
    const reply = await changePassword(browser, who, password);
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/profile');
    expect((await login(app.browser(), who)).status).toBe(401);
    expect((await login(app.browser(), { ...who, password })).status).toBe(302);
  });

  it('keeps this browser logged in under a new session value, and the old value stops working', async () => {
    const { who, browser } = await signUp(app, { label: 'keeps' });
    const before = browser.cookie(SESSION_COOKIE)?.value ?? '';
    await changePassword(browser, who, newPassword());
    const after = browser.cookie(SESSION_COOKIE)?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await isLoggedIn(browser)).toBe(true);
    const replay = app.browser();
    replay.setCookie(SESSION_COOKIE, before);
    expect(await isLoggedIn(replay)).toBe(false);
  });

  it('logs every other session of the user out', async () => {
    const { who, browser } = await signUp(app, { label: 'others' });
    const other = app.browser();
    await login(other, who);
    const remembered = app.browser();
    await login(remembered, who, { remember: true });
    expect(await isLoggedIn(other)).toBe(true);
    await changePassword(browser, who, newPassword());
    expect(await isLoggedIn(other)).toBe(false);
    remembered.closeBrowser();
    expect(await isLoggedIn(remembered)).toBe(false);
  });

  it('a wrong old_password is refused with the form again and nothing changes', async () => {
    const { who, browser } = await signUp(app, { label: 'wrongold' });
    const password = newPassword();
    const reply = await browser.submit('/auth/change-password', {
      old_password: `${who.password}x`,
      password,
      password2: password,
    });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('a new password the policy refuses gets 422/400 with the form again', async () => {
    const { who, browser } = await signUp(app, { label: 'weaknew' });
    for (const password of ['short', 'passwordpassword', who.email]) {
      const reply = await browser.submit('/auth/change-password', {
        old_password: who.password,
        password,
        password2: password,
      });
      expect([400, 422], password).toContain(reply.status);
      expect(formFor(reply.text, '/auth/change-password')).toBeDefined();
    }
  });

  it('notifies the account’s address by mail, with text and HTML parts', async () => {
    const { who, browser } = await signUp(app, { label: 'notice' });
    await changePassword(browser, who, newPassword());
    const notice = await app.mail.waitForMail({ to: who.email, kind: 'notice' });
    expect(notice.partTypes).toEqual(expect.arrayContaining(['text/plain', 'text/html']));
  });

  it('voids every outstanding reset and email-change link', async () => {
    const { who, browser } = await signUp(app, { label: 'voids' });
    const reset = await resetLink(who);
    const target = newIdentity('target').email;
    expect(
      (await browser.submit('/auth/change-email', { email: target, password: who.password }))
        .status,
    ).toBe(302);
    const change = (await app.mail.waitForMail({ to: target, kind: 'email-change' })).tokenLink;
    await changePassword(browser, who, newPassword());
    expectBadLink(await app.browser().get(reset));
    expectBadLink(await app.browser().get(change ?? ''));
    expect(textOf((await browser.get('/profile')).text)).toContain(who.email);
  });
});

describe('reset requests', () => {
  it('answer the same for a known and an unknown address; only the known one gets a link', async () => {
    const who = await registerConfirmed(app, 'known');
    const unknown = newIdentity('unknown').email;
    const first = app.browser();
    const known = await first.submit('/auth/reset', { email: who.email });
    const second = app.browser();
    const stranger = await second.submit('/auth/reset', { email: unknown });
    expect(known.status).toBe(302);
    expect(stranger.status).toBe(known.status);
    expect(locationPath(stranger)).toBe(locationPath(known));
    const knownNext = await first.get(locationPath(known) ?? '/');
    const strangerNext = await second.get(locationPath(stranger) ?? '/');
    expect(textOf(strangerNext.text)).toBe(textOf(knownNext.text));
    const mail = await app.mail.waitForMail({ to: who.email, kind: 'reset' });
    expect(mail.tokenLink?.startsWith(`${app.publicUrl}/auth/reset/`)).toBe(true);
    expect(mail.partTypes).toEqual(expect.arrayContaining(['text/plain', 'text/html']));
    await app.mail.quiet();
    expect(app.mail.mailsTo(unknown)).toHaveLength(0);
  });

  it('reach unconfirmed addresses too', async () => {
    const who = newIdentity('unconfirmedreset');
    await register(app.browser(), who);
    await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
    await app.browser().submit('/auth/reset', { email: who.email });
    expect((await app.mail.waitForMail({ to: who.email, kind: 'reset' })).tokenLink).toBeTruthy();
  });

  it('match the address ignoring case and surrounding spaces', async () => {
    const who = await registerConfirmed(app, 'resetcase');
    await app.browser().submit('/auth/reset', { email: `  ${who.email.toUpperCase()} ` });
    expect((await app.mail.waitForMail({ to: who.email, kind: 'reset' })).tokenLink).toBeTruthy();
  });

  it('a new request voids the older reset link', async () => {
    const who = await registerConfirmed(app, 'newer');
    const older = await resetLink(who);
    const newer = await resetLink(who);
    expect(newer).not.toBe(older);
    expectBadLink(await app.browser().get(older));
    expect((await app.browser().get(newer)).status).toBe(200);
  });
});

describe('GET and POST /auth/reset/<token>', () => {
  it('GET shows the new-password form with Referrer-Policy: no-referrer', async () => {
    const who = await registerConfirmed(app, 'resetform');
    const link = await resetLink(who);
    const reply = await app.browser().get(link);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
    expect(inputNamed(reply.text, 'password')?.attributes.autocomplete).toBe('new-password');
    expect(inputNamed(reply.text, 'password2')?.attributes.autocomplete).toBe('new-password');
  });

  it('POST changes the password, 302s to /auth/login with no-referrer, and logs no one in', async () => {
    const who = await registerConfirmed(app, 'resetpost');
    const link = await resetLink(who);
    const browser = app.browser();
    const password = newPassword();
    const reply = await setNewPassword(browser, link, password);
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/auth/login');
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await isLoggedIn(browser)).toBe(false);
    expect((await login(app.browser(), who)).status).toBe(401);
    expect((await login(app.browser(), { ...who, password })).status).toBe(302);
  });

  it('ends every session of the account', async () => {
    const { who, browser } = await signUp(app, { label: 'resetends' });
    const remembered = app.browser();
    await login(remembered, who, { remember: true });
    const link = await resetLink(who);
    expect((await setNewPassword(app.browser(), link, newPassword())).status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(false);
    remembered.closeBrowser();
    expect(await isLoggedIn(remembered)).toBe(false);
  });

  it('notifies the account’s address by mail', async () => {
    const who = await registerConfirmed(app, 'resetnotice');
    const link = await resetLink(who);
    await setNewPassword(app.browser(), link, newPassword());
    const notice = await app.mail.waitForMail({ to: who.email, kind: 'notice' });
    expect(notice.partTypes).toEqual(expect.arrayContaining(['text/plain', 'text/html']));
  });

  it('a link works once: GET and POST after use are refused, with no-referrer', async () => {
    const who = await registerConfirmed(app, 'resetonce');
    const link = await resetLink(who);
    const password = newPassword();
    expect((await setNewPassword(app.browser(), link, password)).status).toBe(302);
    const get = await app.browser().get(link);
    expectBadLink(get);
    expect(get.headers.get('referrer-policy')).toBe('no-referrer');
    const post = await postToLink(link, newPassword());
    expectBadLink(post);
    expect(post.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await login(app.browser(), { ...who, password })).status).toBe(302);
  });

  it('a refused new password leaves the link usable', async () => {
    const who = await registerConfirmed(app, 'resetweak');
    const link = await resetLink(who);
    const weak = await setNewPassword(app.browser(), link, 'short');
    expect([400, 422]).toContain(weak.status);
    expect((await setNewPassword(app.browser(), link, newPassword())).status).toBe(302);
  });

  it('a link works just before 1 hour and is refused after, leaving the password unchanged', async () => {
    const early = await registerConfirmed(app, 'resetearly');
    const late = await registerConfirmed(app, 'resetlate');
    const earlyLink = await resetLink(early);
    const lateLink = await resetLink(late);
    app.clock.advance(59 * MINUTE);
    expect((await app.browser().get(earlyLink)).status).toBe(200);
    expect((await setNewPassword(app.browser(), earlyLink, newPassword())).status).toBe(302);
    app.clock.advance(2 * MINUTE);
    expectBadLink(await app.browser().get(lateLink));
    expectBadLink(await postToLink(lateLink, newPassword()));
    expect((await login(app.browser(), late)).status).toBe(302);
  });
});
