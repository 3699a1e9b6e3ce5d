/**
 * Changing the email: the password is checked, the link goes to the new address, following
 * it moves the account and notifies the old address; the link works once and for 24 hours.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Reply } from './support/browser.js';
import { expectClientError, locationPath } from './support/checks.js';
import {
  emailChangeLink,
  type Identity,
  login,
  newIdentity,
  register,
  signUp,
} from './support/flows.js';
import { formFor, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';

const app = useTestApp();

const HOUR = 3_600_000;

function requestChange(browser: Browser, who: Identity, email: string): Promise<Reply> {
  return browser.submit('/auth/change-email', { email, password: who.password });
}

function storedEmail(username: string): string {
  return (
    app.sql((db) => db.prepare('SELECT email FROM users WHERE username = ?').get(username)) as {
      email: string;
    }
  ).email;
}

describe('POST /auth/change-email', () => {
  it('mails an absolute confirmation link to the new address and changes nothing yet', async () => {
    const { who, browser } = await signUp(app, { label: 'change' });
    const target = newIdentity('new').email;
    const reply = await requestChange(browser, who, target);
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/profile');
    const mail = await app.mail.waitForMail({ to: target, kind: 'email-change' });
    expect(mail.tokenLink?.startsWith(`${app.publicUrl}/auth/change-email/`)).toBe(true);
    expect(mail.partTypes).toEqual(expect.arrayContaining(['text/plain', 'text/html']));
    expect(storedEmail(who.username)).toBe(who.email);
  });

  it('a wrong password gets the form again with 4xx and sends nothing', async () => {
    const { who, browser } = await signUp(app, { label: 'wrongpw' });
    const target = newIdentity('nope').email;
    const reply = await requestChange(browser, { ...who, password: `${who.password}x` }, target);
    expectClientError(reply);
    expect(formFor(reply.text, '/auth/change-email')).toBeDefined();
    await app.mail.quiet();
    expect(app.mail.mailsTo(target)).toHaveLength(0);
  });

  it('an invalid or over-long new address gets 422/400', async () => {
    const { who, browser } = await signUp(app, { label: 'badaddr' });
    for (const email of ['not-an-address', `${'a'.repeat(250)}@x.test`]) {
      const reply = await requestChange(browser, who, email);
      expect([400, 422], email).toContain(reply.status);
    }
  });
});

describe('GET /auth/change-email/<token>', () => {
  it('moves the account to the new address, without being logged in, and 302s with no-referrer', async () => {
    const { who, browser } = await signUp(app, { label: 'follow' });
    const target = newIdentity('moved').email;
    const link = await emailChangeLink(app, browser, who, target);
    const reply = await app.browser().get(link);
    expect(reply.status).toBe(302);
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
    expect(storedEmail(who.username)).toBe(target);
    expect(textOf((await browser.get('/profile')).text)).toContain(target);
    expect((await login(app.browser(), { email: target, password: who.password })).status).toBe(
      302,
    );
    expect((await login(app.browser(), who)).status).toBe(401);
  });

  it('notifies the old address', async () => {
    const { who, browser } = await signUp(app, { label: 'oldnotice' });
    const target = newIdentity('noticed').email;
    await app.browser().get(await emailChangeLink(app, browser, who, target));
    const notice = await app.mail.waitForMail({ to: who.email, kind: 'notice' });
    expect(notice.partTypes).toEqual(expect.arrayContaining(['text/plain', 'text/html']));
  });

  it('a link works once', async () => {
    const { who, browser } = await signUp(app, { label: 'once' });
    const link = await emailChangeLink(app, browser, who, newIdentity('once').email);
    expect((await app.browser().get(link)).status).toBe(302);
    const again = await app.browser().get(link);
    expectClientError(again);
    expect(again.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers 409 and changes nothing when the address was taken meanwhile', async () => {
    const { who, browser } = await signUp(app, { label: 'race' });
    const target = newIdentity('contested').email;
    const link = await emailChangeLink(app, browser, who, target);
    const rival = { ...newIdentity('rival'), email: target };
    expect((await register(app.browser(), rival)).status).toBe(302);
    const reply = await app.browser().get(link);
    expect(reply.status).toBe(409);
    expect(storedEmail(who.username)).toBe(who.email);
  });

  it('a link works just before 24 hours and is refused after', async () => {
    const early = await signUp(app, { label: 'early' });
    const late = await signUp(app, { label: 'late' });
    const earlyLink = await emailChangeLink(app, early.browser, early.who, newIdentity('e').email);
    const lateTarget = newIdentity('l').email;
    const lateLink = await emailChangeLink(app, late.browser, late.who, lateTarget);
    app.clock.advance(24 * HOUR - 60_000);
    expect((await app.browser().get(earlyLink)).status).toBe(302);
    app.clock.advance(2 * 60_000);
    expectClientError(await app.browser().get(lateLink));
    expect(storedEmail(late.who.username)).toBe(late.who.email);
  });
});
