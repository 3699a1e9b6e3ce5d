/**
 * Admin pages and API tokens in a real Chromium: a user makes a token on /auth/tokens, shown
 * once, that /api/me accepts as a bearer token (and the browser's cookie does not open
 * /api/me); an admin finds that user on /admin/users and disables them, and the user's open
 * browser session is refused on its very next request, as is the token. Every page visited is
 * screenshotted into test-artifacts/e2e-admin/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, newIdentity, register } from '../app/support/flows.js';
import type { TestApp } from '../app/support/test-app.js';
import { type ChromiumScene, chromiumMissing, startChromiumScene } from './support/chromium.js';

describe.skipIf(chromiumMissing('the admin and token test'))(
  'admin pages and API tokens in Chromium',
  () => {
    const root = newIdentity('root');
    let app: TestApp;
    let browser: Browser;
    let capture: ChromiumScene['capture'];

    beforeAll(async () => {
      ({ app, browser, capture } = await startChromiumScene('e2e-admin', {
        env: { ADMIN_EMAIL: root.email },
      }));
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    /** Registers `who` over HTTP and follows the mailed confirmation link. */
    async function registerConfirmed(who: Identity): Promise<void> {
      const helper = app.browser();
      expect((await register(helper, who)).status).toBe(302);
      const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
      expect((await helper.get(mail.tokenLink ?? '')).status).toBe(302);
    }

    // The admin account, registered once for the tests that need it, whichever runs first.
    let root$: Promise<void> | undefined;
    const rootRegistered = () => {
      root$ ??= registerConfirmed(root);
      return root$;
    };

    /** A new browser window logged in as `who` through the login form. */
    async function loggedIn(who: Identity): Promise<Page> {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${app.url}/auth/login`);
      const form = page.locator('form[action^="/auth/login"]').first();
      await form.locator('[name="email"]').fill(who.email);
      await form.locator('[name="password"]').fill(who.password);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/'),
        form.locator('button[type="submit"], button:not([type])').first().click(),
      ]);
      return page;
    }

    /** `GET /api/me` from outside any browser, with `token` as the bearer. */
    function apiMe(token: string): Promise<Response> {
      return fetch(`${app.url}/api/me`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
    }

    const pathOf = (page: Page) => new URL(page.url()).pathname;

    it('a token made on /auth/tokens is shown once and opens /api/me; disabling its owner on /admin/users refuses the open session and the token', async () => {
      const victim = newIdentity('victim');
      await rootRegistered();
      await registerConfirmed(victim);

      const user = await loggedIn(victim);
      await user.goto(`${app.url}/auth/tokens`);
      expect(pathOf(user)).toBe('/auth/tokens');
      await capture(user, 'tokens');
      const form = user.locator('form[action="/auth/tokens"]');
      await form.locator('[name="name"]').fill('deploy script');
      await expect
        .poll(() => form.locator('[name="scope"][value="profile:read"]').isChecked())
        .toBe(true);
      await Promise.all([
        user.waitForResponse(
          (reply) => reply.url().endsWith('/auth/tokens') && reply.request().method() === 'POST',
        ),
        form.locator('button[type="submit"], button:not([type])').first().click(),
      ]);
      await user.waitForLoadState();
      const shown = user.locator('[data-api-token]');
      await expect.poll(() => shown.count()).toBe(1);
      const token = (await shown.innerText()).trim();
      expect(token).toMatch(/^lk_/);
      await capture(user, 'token-shown-once');

      // Shown once: the list names the token, never its value.
      await user.goto(`${app.url}/auth/tokens`);
      expect(await user.locator('[data-api-token]').count()).toBe(0);
      expect(await user.locator('[data-token-id]').count()).toBe(1);
      expect(await user.content()).not.toContain(token);
      await capture(user, 'tokens-listed');

      const me = await apiMe(token);
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual({ username: victim.username, email: victim.email });
      // The browser's session cookie does not open the API.
      const byCookie = await user.request.get(`${app.url}/api/me`);
      expect(byCookie.status()).toBe(401);

      await user.goto(`${app.url}/profile`);
      expect(pathOf(user)).toBe('/profile');
      await capture(user, 'victim-profile');

      const admin = await loggedIn(root);
      await admin.goto(`${app.url}/admin/users?q=${encodeURIComponent(victim.email)}`);
      expect(pathOf(admin)).toBe('/admin/users');
      const row = admin.locator('[data-user-id]', { hasText: victim.email });
      expect(await row.count()).toBe(1);
      expect((await row.locator('.user-disabled').innerText()).trim()).toBe('no');
      await capture(admin, 'admin-users');
      await Promise.all([
        admin.waitForURL((url) => url.pathname === '/admin/users'),
        row.locator('form[action$="/disable"] button').click(),
      ]);
      await admin.goto(`${app.url}/admin/users?q=${encodeURIComponent(victim.email)}`);
      expect((await row.locator('.user-disabled').innerText()).trim()).toBe('yes');
      await capture(admin, 'admin-user-disabled');

      // The victim's open session: refused on its next request, sent to log in.
      await user.goto(`${app.url}/profile`);
      const sent = new URL(user.url());
      expect(sent.pathname).toBe('/auth/login');
      expect(sent.searchParams.get('next')).toBe('/profile');
      expect(await user.locator('body').innerText()).not.toContain(victim.email);
      await capture(user, 'victim-refused');
      const afterDisable = await apiMe(token);
      expect(afterDisable.status).toBe(401);
      expect(afterDisable.headers.get('www-authenticate')).toMatch(/^Bearer\b/);

      await user.context().close();
      await admin.context().close();
    }, 90_000);

    it('on a phone-wide screen the accounts table scrolls inside its card and the page is no wider than the screen', async () => {
      await rootRegistered();
      const admin = await loggedIn(root);
      await admin.setViewportSize({ width: 360, height: 740 });
      await admin.goto(`${app.url}/admin/users`);
      expect(pathOf(admin)).toBe('/admin/users');
      // A string, run in the page: the tests compile without the DOM's types.
      const widths = (await admin.evaluate(`(() => {
      const scroller = document.querySelector('.table-scroll');
      const table = scroller.querySelector('table');
      return {
        page: document.documentElement.scrollWidth,
        screen: window.innerWidth,
        scroller: scroller.clientWidth,
        table: table.scrollWidth,
        overflow: getComputedStyle(scroller).overflowX,
      };
    })()`)) as { page: number; screen: number; scroller: number; table: number; overflow: string };
      expect(widths.page).toBeLessThanOrEqual(widths.screen);
      expect(widths.overflow).toBe('auto');
      expect(widths.table).toBeGreaterThan(widths.scroller);
      await capture(admin, 'admin-users-narrow');
      await admin.context().close();
    }, 60_000);
  },
);
