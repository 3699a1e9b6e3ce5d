/**
 * Changing and resetting the password: who stays logged in, which links die, which notices
 * go out, and the reset link's single use, expiry and Referrer-Policy.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from './support/browser.js';
import {
  cookieValue,
  expectClientError,
  isLoggedIn,
  locationPath,
  loggedInWith,
  SESSION_COOKIE,
} from './support/checks.js';
import {
  changePassword,
  emailChangeLink,
  login,
  newIdentity,
  newPassword,
  register,
  registerConfirmed,
  resetLink,
  setNewPassword,
  signUp,
} from './support/flows.js';
import { formFor, inputNamed, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

const MINUTE = 60_000;

/** POSTs a new password to a link with a token from another page (the link's own page may refuse). */
async function postToLink(link: string, password: string): Promise<Reply> {
  const browser = app.browser();
  const token = await browser.csrfToken('/auth/reset');
  return browser.post(link, { password, password2: password, csrf_token: token });
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
    const before = cookieValue(browser, SESSION_COOKIE);
    expect((await changePassword(browser, who, newPassword())).status).toBe(302);
    const after = browser.cookie(SESSION_COOKIE)?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await isLoggedIn(browser)).toBe(true);
    expect(await loggedInWith(app, SESSION_COOKIE, before)).toBe(false);
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
    const reply = await changePassword(browser, { ...who, password: `${who.password}x` }, password);
    expectClientError(reply);
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('a new password the policy refuses gets 422/400 with the form again', async () => {
    const { who, browser } = await signUp(app, { label: 'weaknew' });
    for (const password of ['short', 'passwordpassword', who.email]) {
      const reply = await changePassword(browser, who, password);
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
    const reset = await resetLink(app, who);
    const change = await emailChangeLink(app, browser, who, newIdentity('target').email);
    expect((await changePassword(browser, who, newPassword())).status).toBe(302);
    expectClientError(await app.browser().get(reset));
    expectClientError(await app.browser().get(change));
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
    const older = await resetLink(app, who);
    const newer = await resetLink(app, who);
    expect(newer).not.toBe(older);
    expectClientError(await app.browser().get(older));
    expect((await app.browser().get(newer)).status).toBe(200);
  });
});

describe('GET and POST /auth/reset/<token>', () => {
  it('GET shows the new-password form with Referrer-Policy: no-referrer', async () => {
    const who = await registerConfirmed(app, 'resetform');
    const link = await resetLink(app, who);
    const reply = await app.browser().get(link);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
    expect(inputNamed(reply.text, 'password')?.attributes.autocomplete).toBe('new-password');
    expect(inputNamed(reply.text, 'password2')?.attributes.autocomplete).toBe('new-password');
  });

  it('POST changes the password, 302s to /auth/login with no-referrer, and logs no one in', async () => {
    const who = await registerConfirmed(app, 'resetpost');
    const link = await resetLink(app, who);
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
    const link = await resetLink(app, who);
    expect((await setNewPassword(app.browser(), link, newPassword())).status).toBe(302);
    expect(await isLoggedIn(browser)).toBe(false);
    remembered.closeBrowser();
    expect(await isLoggedIn(remembered)).toBe(false);
  });

  it('notifies the account’s address by mail', async () => {
    const who = await registerConfirmed(app, 'resetnotice');
    const link = await resetLink(app, who);
    await setNewPassword(app.browser(), link, newPassword());
    const notice = await app.mail.waitForMail({ to: who.email, kind: 'notice' });
    expect(notice.partTypes).toEqual(expect.arrayContaining(['text/plain', 'text/html']));
  });

  it('a link works once: GET and POST after use are refused, with no-referrer', async () => {
    const who = await registerConfirmed(app, 'resetonce');
    const link = await resetLink(app, who);
    const password = newPassword();
    expect((await setNewPassword(app.browser(), link, password)).status).toBe(302);
    const get = await app.browser().get(link);
    expectClientError(get);
    expect(get.headers.get('referrer-policy')).toBe('no-referrer');
    const post = await postToLink(link, newPassword());
    expectClientError(post);
    expect(post.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await login(app.browser(), { ...who, password })).status).toBe(302);
  });

  it('a refused new password leaves the link usable', async () => {
    const who = await registerConfirmed(app, 'resetweak');
    const link = await resetLink(app, who);
    const weak = await setNewPassword(app.browser(), link, 'short');
    expect([400, 422]).toContain(weak.status);
    expect((await setNewPassword(app.browser(), link, newPassword())).status).toBe(302);
  });

  it('a link works just before 1 hour and is refused after, leaving the password unchanged', async () => {
    const early = await registerConfirmed(app, 'resetearly');
    const late = await registerConfirmed(app, 'resetlate');
    const earlyLink = await resetLink(app, early);
    const lateLink = await resetLink(app, late);
    app.clock.advance(59 * MINUTE);
    expect((await app.browser().get(earlyLink)).status).toBe(200);
    expect((await setNewPassword(app.browser(), earlyLink, newPassword())).status).toBe(302);
    app.clock.advance(2 * MINUTE);
    expectClientError(await app.browser().get(lateLink));
    expectClientError(await postToLink(lateLink, newPassword()));
    expect((await login(app.browser(), late)).status).toBe(302);
  });
});
