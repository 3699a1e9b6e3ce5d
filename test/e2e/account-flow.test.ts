/**
 * The whole account flow in a real Chromium: register, confirm from the caught mail, log in
 * with remember-me, close the browser keeping only persistent cookies, come back still logged
 * in, reauthenticate to change the password, see the other browser logged out, log out.
 * Every page visited is screenshotted into test-artifacts/e2e/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdentity, newPassword } from '../app/support/flows.js';
import type { TestApp } from '../app/support/test-app.js';
import { type ChromiumScene, chromiumMissing, startChromiumScene } from './support/chromium.js';

describe.skipIf(chromiumMissing('the account flow'))('the account flow in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let capture: ChromiumScene['capture'];

  beforeAll(async () => {
    ({ app, browser, capture } = await startChromiumScene('e2e', {}));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Fills a form's fields by name and clicks its submit button, waiting for the next page. */
  async function submit(
    page: Page,
    action: string,
    fields: Record<string, string>,
    arrivesAt: (url: URL) => boolean,
  ): Promise<void> {
    const form = page.locator(`form[action^="${action}"]`).first();
    for (const [name, value] of Object.entries(fields)) {
      await form.locator(`[name="${name}"]`).fill(value);
    }
    await Promise.all([
      page.waitForURL(arrivesAt),
      form.locator('button:not([type="button"]), input[type="submit"]').first().click(),
    ]);
  }

  const path = (url: URL) => url.pathname;

  it('register → confirm → remember-me → reopen → reauthenticate → change password → others out → logout', async () => {
    const who = newIdentity('e2e');
    const first = await browser.newContext();
    const page = await first.newPage();

    await page.goto(`${app.url}/auth/register`);
    await capture(page, 'register');
    await submit(
      page,
      '/auth/register',
      {
        email: who.email,
        username: who.username,
        password: who.password,
        password2: who.password,
      },
      (url) => path(url) === '/auth/login',
    );
    await capture(page, 'registered');

    const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
    expect(mail.tokenLink?.startsWith(`${app.publicUrl}/auth/confirm/`)).toBe(true);
    await page.goto(mail.tokenLink ?? '');
    expect(path(new URL(page.url()))).toBe('/');
    await capture(page, 'confirmed');

    await page.goto(`${app.url}/auth/login`);
    await capture(page, 'login');
    await page.locator('form[action^="/auth/login"] [name="remember_me"]').check();
    await submit(
      page,
      '/auth/login',
      { email: who.email, password: who.password },
      (url) => path(url) === '/',
    );
    expect(await page.locator('body').innerText()).toContain(who.username);
    await capture(page, 'logged-in');

    // A second browser, logged in as the same user, to be logged out by the password change.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(`${app.url}/auth/login`);
    await submit(
      otherPage,
      '/auth/login',
      { email: who.email, password: who.password },
      (url) => path(url) === '/',
    );
    await otherPage.goto(`${app.url}/profile`);
    expect(path(new URL(otherPage.url()))).toBe('/profile');
    await capture(otherPage, 'other-browser-profile');

    // Close the browser: only cookies with an expiry survive.
    const kept = (await first.cookies()).filter((cookie) => cookie.expires > 0);
    expect(kept.map((cookie) => cookie.name)).toContain('remember_token');
    expect(kept.map((cookie) => cookie.name)).not.toContain('session');
    await first.close();
    const reopened = await browser.newContext();
    await reopened.addCookies(kept);
    const back = await reopened.newPage();

    await back.goto(`${app.url}/profile`);
    expect(path(new URL(back.url()))).toBe('/profile');
    expect(await back.locator('body').innerText()).toContain(who.email);
    await capture(back, 'reopened-profile');

    await back.goto(`${app.url}/auth/change-password`);
    const asked = new URL(back.url());
    expect(asked.pathname).toBe('/auth/reauthenticate');
    expect(asked.searchParams.get('next')).toBe('/auth/change-password');
    await capture(back, 'reauthenticate');
    await submit(
      back,
      '/auth/reauthenticate',
      { password: who.password },
      (url) => path(url) === '/auth/change-password',
    );
    await capture(back, 'change-password');

    const password = newPassword();
    await submit(
      back,
      '/auth/change-password',
      { old_password: who.password, password, password2: password },
      (url) => path(url) !== '/auth/change-password',
    );
    await capture(back, 'password-changed');
    await back.goto(`${app.url}/profile`);
    expect(path(new URL(back.url()))).toBe('/profile');
    await capture(back, 'still-logged-in');

    await otherPage.goto(`${app.url}/profile`);
    const sent = new URL(otherPage.url());
    expect(sent.pathname).toBe('/auth/login');
    expect(sent.searchParams.get('next')).toBe('/profile');
    await capture(otherPage, 'other-browser-logged-out');

    await submit(back, '/auth/logout', {}, (url) => path(url) === '/');
    await capture(back, 'logged-out');
    const names = (await reopened.cookies()).map((cookie) => cookie.name);
    expect(names).not.toContain('session');
    expect(names).not.toContain('remember_token');
    await back.goto(`${app.url}/profile`);
    expect(path(new URL(back.url()))).toBe('/auth/login');
    await capture(back, 'login-after-logout');

    await other.close();
    await reopened.close();
  }, 90_000);
});
