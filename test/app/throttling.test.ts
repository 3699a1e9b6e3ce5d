/**
 * Throttling: per account (10 failures in 15 minutes, doubling holds up to an hour), per
 * client address (100 failed logins, 100 reset requests, 300 registrations), 3 reset mails
 * per account; `429` with `Retry-After`, the clock moved instead of waiting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser, Reply } from './support/browser.js';
import { expectClientError, locationPath } from './support/checks.js';
import {
  type Identity,
  login,
  newIdentity,
  registerConfirmed,
  registrationFields,
  signUp,
} from './support/flows.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MINUTE = 60_000;

const apps: TestApp[] = [];
async function freshApp(): Promise<TestApp> {
  const app = await startTestApp();
  apps.push(app);
  return app;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** The Retry-After of a 429, checked to be whole seconds above zero. */
function retryAfter(reply: Reply): number {
  expect(reply.status).toBe(429);
  const header = reply.headers.get('retry-after') ?? '';
  expect(header).toMatch(/^\d+$/);
  const seconds = Number(header);
  expect(seconds).toBeGreaterThan(0);
  return seconds;
}

/** One login POST with a token fetched once per browser. */
function attempts(browser: Browser) {
  let token: string | undefined;
  return async (email: string, password: string): Promise<Reply> => {
    token ??= await browser.csrfToken('/auth/login');
    return browser.post('/auth/login', { email, password, csrf_token: token });
  };
}

/** Fails `count` logins; every answer must be a plain refusal (401). */
async function fail(app: TestApp, who: Identity, count: number): Promise<void> {
  const attempt = attempts(app.browser());
  for (let i = 0; i < count; i++) {
    expect((await attempt(who.email, `${who.password}-wrong`)).status, `failure ${i + 1}`).toBe(
      401,
    );
  }
}

/** Fails logins until the account is held; the answer that says so. */
async function failUntilHeld(app: TestApp, who: Identity, most: number): Promise<Reply> {
  const attempt = attempts(app.browser());
  for (let i = 0; i < most; i++) {
    const reply = await attempt(who.email, `${who.password}-wrong`);
    if (reply.status === 429) return reply;
    expect(reply.status).toBe(401);
  }
  return attempt(who.email, who.password);
}

describe('per account', () => {
  it('ten failures hold the account: 429 with Retry-After, even for the right password', async () => {
    const app = await freshApp();
    const who = await registerConfirmed(app, 'held');
    await fail(app, who, 9);
    const tenth = await attempts(app.browser())(who.email, `${who.password}-wrong`);
    expect([401, 429]).toContain(tenth.status);
    const held = await login(app.browser(), who);
    expect(retryAfter(held)).toBeLessThanOrEqual(15 * 60);
    expect(
      held.setCookies.some(
        (line) => /^(__Host-)?session=[^;]+/.test(line) && !/max-age=0/i.test(line),
      ),
    ).toBe(false);
  });

  it('holding one account never blocks another account’s login', async () => {
    const app = await freshApp();
    const held = await registerConfirmed(app, 'held');
    const other = await registerConfirmed(app, 'other');
    await fail(app, held, 10);
    expect((await login(app.browser(), held)).status).toBe(429);
    expect((await login(app.browser(), other)).status).toBe(302);
  });

  it('unknown addresses are held the same way as known ones', async () => {
    const app = await freshApp();
    const ghost = newIdentity('ghost');
    await fail(app, ghost, 10);
    expect(retryAfter(await login(app.browser(), ghost))).toBeLessThanOrEqual(15 * 60);
  });

  it('the hold ends after 15 minutes and the right password works again', async () => {
    const app = await freshApp();
    const who = await registerConfirmed(app, 'ends');
    await fail(app, who, 10);
    expect((await login(app.browser(), who)).status).toBe(429);
    app.clock.advance(15 * MINUTE + 1000);
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('429 answers are not failed logins: attempts while held do not extend the hold', async () => {
    const app = await freshApp();
    const who = await registerConfirmed(app, 'heldtries');
    await fail(app, who, 10);
    const attempt = attempts(app.browser());
    for (let i = 0; i < 15; i++) {
      expect((await attempt(who.email, `${who.password}-wrong`)).status).toBe(429);
    }
    app.clock.advance(15 * MINUTE + 1000);
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('a success clears the count: 9 failures, a login, 9 more failures, and the login still works', async () => {
    const app = await freshApp();
    const who = await registerConfirmed(app, 'clears');
    await fail(app, who, 9);
    expect((await login(app.browser(), who)).status).toBe(302);
    await fail(app, who, 9);
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('the hold doubles while failures go on (15, then 30, then 60 minutes) and stops at an hour', async () => {
    const app = await freshApp();
    const who = await registerConfirmed(app, 'doubling');
    const first = retryAfter(await failUntilHeld(app, who, 11));
    expect(first).toBeLessThanOrEqual(15 * 60);
    app.clock.advance(first * 1000 + 1000);
    const second = retryAfter(await failUntilHeld(app, who, 10));
    expect(second).toBeGreaterThan(15 * 60);
    expect(second).toBeLessThanOrEqual(30 * 60);
    app.clock.advance(second * 1000 + 1000);
    const third = retryAfter(await failUntilHeld(app, who, 10));
    expect(third).toBeGreaterThan(30 * 60);
    expect(third).toBeLessThanOrEqual(60 * 60);
    app.clock.advance(third * 1000 + 1000);
    const fourth = retryAfter(await failUntilHeld(app, who, 10));
    expect(fourth).toBeGreaterThan(30 * 60);
    expect(fourth).toBeLessThanOrEqual(60 * 60);
  });

  it('failed reauthentications count toward the account’s failures', async () => {
    const app = await freshApp();
    const { who, browser } = await signUp(app, { label: 'reauthfail' });
    const token = await browser.csrfToken('/auth/reauthenticate');
    for (let i = 0; i < 10; i++) {
      const reply = await browser.post('/auth/reauthenticate', {
        password: `${who.password}-wrong`,
        csrf_token: token,
      });
      expectClientError(reply, `reauth failure ${i + 1}`);
    }
    expect(retryAfter(await login(app.browser(), who))).toBeLessThanOrEqual(15 * 60);
    const reauth = await browser.post('/auth/reauthenticate', {
      password: who.password,
      csrf_token: token,
    });
    expect(reauth.status).toBe(429);
  });
});

describe('per client address', () => {
  it('100 failed logins from one address hold it: 429 with Retry-After, until the window passes', async () => {
    const app = await freshApp();
    const who = await registerConfirmed(app, 'addr');
    const browser = app.browser();
    const attempt = attempts(browser);
    await attempt(newIdentity('warm').email, 'warm-up password that fails');
    // Distinct unknown emails: no account reaches its own limit, only the address does.
    for (let batch = 0; batch < 99; batch += 9) {
      const replies = await Promise.all(
        Array.from({ length: Math.min(9, 99 - batch) }, () =>
          attempt(newIdentity('spray').email, 'not the password of anyone'),
        ),
      );
      for (const reply of replies) expect(reply.status).toBe(401);
    }
    const held = await login(app.browser(), who);
    expect(retryAfter(held)).toBeLessThanOrEqual(15 * 60);
    app.clock.advance(15 * MINUTE + 1000);
    expect((await login(app.browser(), who)).status).toBe(302);
  });

  it('100 reset requests from one address are answered; the 101st gets 429 with Retry-After', async () => {
    const app = await freshApp();
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/reset');
    for (let batch = 0; batch < 100; batch += 10) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          browser.post('/auth/reset', { email: newIdentity('r').email, csrf_token: token }),
        ),
      );
      for (const reply of replies) expect(reply.status).toBe(302);
    }
    const refused = await browser.post('/auth/reset', {
      email: newIdentity('r').email,
      csrf_token: token,
    });
    expect(retryAfter(refused)).toBeLessThanOrEqual(15 * 60);
    app.clock.advance(15 * MINUTE + 1000);
    const again = await browser.post('/auth/reset', {
      email: newIdentity('r').email,
      csrf_token: token,
    });
    expect(again.status).toBe(302);
  });

  it('300 registrations an hour per address; the 301st gets 429 with Retry-After', async () => {
    const app = await freshApp();
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/register');
    // Quick invalid posts: every POST that passes CSRF counts as an attempt.
    const invalid = { email: 'not-an-address', username: 'x', password: 'a', password2: 'b' };
    for (let batch = 0; batch < 300; batch += 15) {
      const replies = await Promise.all(
        Array.from({ length: 15 }, () =>
          browser.post('/auth/register', { ...invalid, csrf_token: token }),
        ),
      );
      for (const reply of replies) expect([400, 422]).toContain(reply.status);
    }
    const fields = { ...registrationFields(newIdentity('late')), csrf_token: token };
    const refused = await browser.post('/auth/register', fields);
    expect(retryAfter(refused)).toBeLessThanOrEqual(60 * 60);
    app.clock.advance(60 * MINUTE + 1000);
    expect((await browser.post('/auth/register', fields)).status).toBe(302);
  });
});

describe('reset mails per account', () => {
  it('at most 3 reset mails in 15 minutes; further requests answer the same and send nothing', async () => {
    const app = await freshApp();
    const who = await registerConfirmed(app, 'resetmails');
    const browser = app.browser();
    const replies: Reply[] = [];
    for (let i = 0; i < 5; i++)
      replies.push(await browser.submit('/auth/reset', { email: who.email }));
    for (const reply of replies) {
      expect(reply.status).toBe(302);
      expect(locationPath(reply)).toBe(locationPath(replies[0] as Reply));
    }
    for (let i = 0; i < 3; i++) await app.mail.waitForMail({ to: who.email, kind: 'reset' });
    await app.mail.quiet();
    expect(app.mail.mailsTo(who.email, 'reset')).toHaveLength(3);
    app.clock.advance(15 * MINUTE + 1000);
    await browser.submit('/auth/reset', { email: who.email });
    await app.mail.waitForMail({ to: who.email, kind: 'reset' });
    expect(app.mail.mailsTo(who.email, 'reset')).toHaveLength(4);
  });
});
