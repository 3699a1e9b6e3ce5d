/**
 * Passkeys in a real Chromium with its virtual authenticator (the DevTools protocol's
 * `WebAuthn.enable` / `WebAuthn.addVirtualAuthenticator`: ctap2, internal, resident keys and
 * user verification): add a passkey on /auth/passkeys, log out, sign in with it from
 * /auth/login and land on /profile; a replayed assertion, a counter that goes backwards, a
 * deleted passkey and a disabled account's passkey sign no one in. The app listens on
 * `localhost`, since WebAuthn refuses IP addresses as relying party ids.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, registerConfirmed } from '../app/support/flows.js';
import { startTestApp, type TestApp } from '../app/support/test-app.js';
import { chromiumMissing, launchChromium } from './support/chromium.js';

const artifacts = join(import.meta.dirname, '..', '..', 'test-artifacts', 'e2e-passkeys');

/** A browser context with one virtual platform authenticator on its page. */
interface Device {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly authenticatorId: string;
}

interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

describe.skipIf(chromiumMissing('the passkey test'))('passkeys in Chromium', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    // Real time (the browser's clock judges cookies); `localhost`, a name WebAuthn accepts.
    app = await startTestApp({ clock: false, env: { HOST: 'localhost' } });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function device(): Promise<Device> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return { context, page, cdp, authenticatorId };
  }

  async function credentials(dev: Device): Promise<VirtualCredential[]> {
    const { credentials: list } = (await dev.cdp.send('WebAuthn.getCredentials', {
      authenticatorId: dev.authenticatorId,
    })) as { credentials: VirtualCredential[] };
    return list;
  }

  const pathOf = (page: Page) => new URL(page.url()).pathname;

  async function passwordLogin(page: Page, who: Identity): Promise<void> {
    await page.goto(`${app.url}/auth/login`);
    const form = page.locator('form[action^="/auth/login"]');
    await form.locator('[name="email"]').fill(who.email);
    await form.locator('[name="password"]').fill(who.password);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/'),
      form.getByRole('button', { name: 'Log in' }).click(),
    ]);
  }

  async function addPasskey(page: Page, name: string): Promise<void> {
    await page.goto(`${app.url}/auth/passkeys`);
    expect(pathOf(page)).toBe('/auth/passkeys');
    await page.getByLabel('Name for the new passkey').fill(name);
    const before = await page.locator('[data-passkey-id]').count();
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect
      .poll(() => page.locator('[data-passkey-id]').count(), { timeout: 10_000 })
      .toBe(before + 1);
  }

  async function logOut(page: Page): Promise<void> {
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/'),
      page.getByRole('button', { name: 'Log out' }).click(),
    ]);
  }

  /** Clicks "Sign in with a passkey" on /auth/login?next=/profile; answers where it ended. */
  async function passkeySignIn(page: Page): Promise<'profile' | 'refused'> {
    await page.goto(`${app.url}/auth/login?next=%2Fprofile`);
    const verified = page.waitForResponse((response) =>
      response.url().includes('/auth/passkeys/login/verify'),
    );
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    const response = await verified;
    if (response.ok()) {
      await page.waitForURL((url) => url.pathname === '/profile');
      return 'profile';
    }
    await expect
      .poll(() => page.locator('[data-passkey-status]').first().innerText())
      .toMatch(/did not sign you in|expired/);
    expect(pathOf(page)).toBe('/auth/login');
    return 'refused';
  }

  it('adds a passkey, signs in with it after logging out, and a replayed assertion signs no one in', async () => {
    const who = await registerConfirmed(app, 'passkey');
    const dev = await device();
    await passwordLogin(dev.page, who);
    await addPasskey(dev.page, 'Test laptop');
    const item = dev.page.locator('[data-passkey-id]').first();
    expect(await item.innerText()).toContain('Test laptop');
    expect(await item.innerText()).toMatch(/Last used\s*Never/);
    const [stored] = await credentials(dev);
    expect(stored?.isResidentCredential).toBe(true);
    expect(stored?.rpId).toBe('localhost');
    await dev.page.screenshot({ path: join(artifacts, '01-passkey-added.png'), fullPage: true });

    await logOut(dev.page);
    expect((await dev.context.cookies()).map((cookie) => cookie.name)).not.toContain('session');
    const lastLogin = () =>
      app.sql(
        (db) =>
          db.prepare('SELECT last_login_at FROM users WHERE email = ?').get(who.email) as {
            last_login_at: number;
          },
      ).last_login_at;
    const passwordLoginAt = lastLogin();

    // Keep the assertion the browser sends, to replay it afterwards.
    const captured = { body: '', cookie: '' };
    dev.page.on('request', async (request) => {
      if (!request.url().includes('/auth/passkeys/login/verify')) return;
      const headers = await request.allHeaders();
      Object.assign(captured, { body: request.postData() ?? '', cookie: headers.cookie ?? '' });
    });
    expect(await passkeySignIn(dev.page)).toBe('profile');
    expect(await dev.page.locator('body').innerText()).toContain(who.username);
    expect(lastLogin()).toBeGreaterThan(passwordLoginAt);
    await dev.page.screenshot({ path: join(artifacts, '02-signed-in.png'), fullPage: true });

    // A passkey login is fresh: a fresh-only page opens without reauthenticating.
    await dev.page.goto(`${app.url}/auth/passkeys`);
    expect(pathOf(dev.page)).toBe('/auth/passkeys');
    expect(await dev.page.locator('[data-passkey-id]').first().innerText()).not.toMatch(
      /Last used\s*Never/,
    );

    expect(captured.body).toMatch(/credential=/);
    const replay = await fetch(`${app.url}/auth/passkeys/login/verify`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        origin: app.publicUrl,
        cookie: captured.cookie,
      },
      body: captured.body,
    });
    expect(replay.status).toBe(401);
    expect(replay.headers.getSetCookie().some((line) => line.startsWith('session='))).toBe(false);
    await dev.context.close();
  }, 90_000);

  it('a signature counter that goes backwards signs no one in', async () => {
    const who = await registerConfirmed(app, 'counter');
    const dev = await device();
    await passwordLogin(dev.page, who);
    await addPasskey(dev.page, 'Cloned key');
    await logOut(dev.page);
    expect(await passkeySignIn(dev.page)).toBe('profile');
    await logOut(dev.page);
    const [used] = await credentials(dev);
    expect(used?.signCount).toBeGreaterThan(0);
    // A clone of the key that never saw the last sign-ins: its counter starts behind.
    await dev.cdp.send('WebAuthn.clearCredentials', { authenticatorId: dev.authenticatorId });
    await dev.cdp.send('WebAuthn.addCredential', {
      authenticatorId: dev.authenticatorId,
      credential: { ...(used as VirtualCredential), signCount: 0 },
    });
    expect(await passkeySignIn(dev.page)).toBe('refused');
    await dev.context.close();
  }, 90_000);

  it('a deleted passkey no longer signs in', async () => {
    const who = await registerConfirmed(app, 'deleted');
    const dev = await device();
    await passwordLogin(dev.page, who);
    await addPasskey(dev.page, 'Old phone');
    await Promise.all([
      dev.page.waitForURL((url) => url.pathname === '/auth/passkeys'),
      dev.page.locator('[data-passkey-id]').first().getByRole('button', { name: 'Delete' }).click(),
    ]);
    expect(await dev.page.locator('[data-passkey-id]').count()).toBe(0);
    await logOut(dev.page);
    expect(await passkeySignIn(dev.page)).toBe('refused');
    await dev.page.goto(`${app.url}/profile`);
    expect(pathOf(dev.page)).toBe('/auth/login');
    await dev.context.close();
  }, 90_000);

  it('a passkey of a disabled account signs no one in', async () => {
    const who = await registerConfirmed(app, 'disabled');
    const dev = await device();
    await passwordLogin(dev.page, who);
    await addPasskey(dev.page, 'Work laptop');
    await logOut(dev.page);
    app.sql((db) => db.prepare('UPDATE users SET disabled = 1 WHERE email = ?').run(who.email));
    expect(await passkeySignIn(dev.page)).toBe('refused');
    await dev.page.screenshot({ path: join(artifacts, '03-disabled-refused.png'), fullPage: true });
    await dev.page.goto(`${app.url}/profile`);
    expect(pathOf(dev.page)).toBe('/auth/login');
    await dev.context.close();
  }, 90_000);
});
