/**
 * Confirmation links, resending them, and the gate in front of unconfirmed accounts.
 */
import { describe, expect, it } from 'vitest';
import { expectClientError, JSON_CLIENT, jsonOf, locationPath } from './support/checks.js';
import { login, newIdentity, register, signUp } from './support/flows.js';
import { formFor } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

const HOUR = 3_600_000;

function isConfirmed(email: string): boolean {
  const row = app.sql(
    (db) =>
      db.prepare('SELECT confirmed FROM users WHERE email = ?').get(email) as {
        confirmed: number;
      },
  );
  return Boolean(row.confirmed);
}

/** Registers without confirming and returns the confirmation link. */
async function registered(label: string) {
  const who = newIdentity(label);
  const browser = app.browser();
  await register(browser, who);
  const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
  if (!mail.tokenLink) throw new Error('confirmation mail without a link');
  return { who, browser, link: mail.tokenLink };
}

describe('GET /auth/confirm/<token>', () => {
  it('confirms the account and answers 302, without being logged in', async () => {
    const { who, link } = await registered('confirm');
    expect(isConfirmed(who.email)).toBe(false);
    const reply = await app.browser().get(link);
    expect(reply.status).toBe(302);
    expect(isConfirmed(who.email)).toBe(true);
  });

  it('answers with Referrer-Policy: no-referrer, on the redirect and on a bad link', async () => {
    const { link } = await registered('confirmref');
    const ok = await app.browser().get(link);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('referrer-policy')).toBe('no-referrer');
    const bad = await app.browser().get(link);
    expectClientError(bad);
    expect(bad.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('a link works once: the second use is refused with 4xx', async () => {
    const { link } = await registered('confirmonce');
    expect((await app.browser().get(link)).status).toBe(302);
    expectClientError(await app.browser().get(link));
  });

  it('a made-up or mangled token is refused with 4xx', async () => {
    const { link } = await registered('confirmbad');
    const token = link.split('/').pop() ?? '';
    for (const path of [
      `/auth/confirm/${'A'.repeat(22)}.${'B'.repeat(43)}`,
      `/auth/confirm/${token.slice(0, -1)}x`,
      '/auth/confirm/nonsense',
    ]) {
      expectClientError(await app.browser().get(path), path);
    }
  });

  it('a link still works just before 24 hours and is refused after, leaving the account unconfirmed', async () => {
    const early = await registered('confirmearly');
    const late = await registered('confirmlate');
    app.clock.advance(24 * HOUR - 60_000);
    expect((await app.browser().get(early.link)).status).toBe(302);
    app.clock.advance(2 * 60_000);
    expectClientError(await app.browser().get(late.link));
    expect(isConfirmed(late.who.email)).toBe(false);
  });
});

describe('POST /auth/confirm/resend', () => {
  it('mails a new link and voids the older one', async () => {
    const { who, browser, link: first } = await registered('resend');
    expect((await login(browser, who)).status).toBe(302);
    const reply = await browser.submit('/auth/confirm/resend', {}, { page: '/auth/unconfirmed' });
    expect(reply.status).toBe(302);
    const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
    expect(mail.tokenLink).not.toBe(first);
    expectClientError(await app.browser().get(first));
    expect(isConfirmed(who.email)).toBe(false);
    expect((await app.browser().get(mail.tokenLink ?? '')).status).toBe(302);
    expect(isConfirmed(who.email)).toBe(true);
  });

  it('an anonymous visitor is sent to the login page', async () => {
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/logout');
    const reply = await browser.post('/auth/confirm/resend', { csrf_token: token });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)?.startsWith('/auth/login')).toBe(true);
  });
});

describe('unconfirmed accounts', () => {
  it('can log in', async () => {
    const { who, browser } = await registered('unconf');
    expect((await login(browser, who)).status).toBe(302);
  });

  it('get 302 to /auth/unconfirmed from pages other than /, /auth/* and static files', async () => {
    const { who, browser } = await registered('gate');
    expect((await login(browser, who)).status).toBe(302);
    const profile = await browser.get('/profile');
    expect(profile.status).toBe(302);
    expect(locationPath(profile)).toBe('/auth/unconfirmed');
    expect((await browser.get('/')).status).toBe(200);
    expect((await browser.get('/favicon.ico')).status).toBe(200);
    expect((await browser.get('/auth/change-password')).status).toBe(200);
    expect((await browser.get('/healthz')).status).toBe(200);
  });

  it('/auth/unconfirmed offers the resend form', async () => {
    const { who, browser } = await registered('offer');
    await login(browser, who);
    const page = await browser.get('/auth/unconfirmed');
    expect(page.status).toBe(200);
    expect(formFor(page.text, '/auth/confirm/resend')?.method).toBe('post');
  });

  it('a JSON client of an unconfirmed account gets 403 {"error":"unconfirmed"}', async () => {
    const { who, browser } = await registered('gatejson');
    await login(browser, who);
    const reply = await browser.get('/profile', JSON_CLIENT);
    expect(reply.status).toBe(403);
    expect(jsonOf(reply)).toEqual({ error: 'unconfirmed' });
  });

  it('the gate opens at once when the link is followed in another browser', async () => {
    const { who, browser, link } = await registered('opens');
    await login(browser, who);
    expect((await browser.get('/profile')).status).toBe(302);
    await app.browser().get(link);
    expect((await browser.get('/profile')).status).toBe(200);
  });

  it('a confirmed user visiting /auth/unconfirmed is sent to /', async () => {
    const { browser } = await signUp(app, { label: 'confirmed' });
    const reply = await browser.get('/auth/unconfirmed');
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/');
  });
});
