/**
 * @module The account flows as a person drives them through the forms: fresh identities,
 * register, confirm from the caught mail, log in, and all three in one call.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserOptions, Reply } from './browser.js';
import type { CaughtMail } from './mail-catcher.js';
import type { TestApp } from './test-app.js';

/** Who a test registers as. */
export interface Identity {
  readonly email: string;
  readonly username: string;
  readonly password: string;
}

let counter = 0;

/** A fresh identity: unique email and username, a password every policy accepts. */
export function newIdentity(label = 'user'): Identity {
  counter += 1;
  const unique = `${counter}${randomBytes(4).toString('hex')}`;
  return {
    email: `${label}-${unique}@example.test`,
    username: `${label.slice(0, 12)}_${unique}`,
    password: `violet ${randomBytes(6).toString('hex')} lantern harbour`,
  };
}

/** A second strong password, different from any {@link newIdentity} one. */
export function newPassword(): string {
  return `copper ${randomBytes(6).toString('hex')} meadow sparrow`;
}

/** Submits the registration form. */
export function register(browser: Browser, who: Identity): Promise<Reply> {
  return browser.submit('/auth/register', {
    email: who.email,
    username: who.username,
    password: who.password,
    password2: who.password,
  });
}

/** Waits for the confirmation mail to `email` and opens its link in `browser`. */
export async function confirmFromMail(
  app: TestApp,
  browser: Browser,
  email: string,
): Promise<{ mail: CaughtMail; reply: Reply }> {
  const mail = await app.mail.waitForMail({ to: email, kind: 'confirm' });
  if (!mail.tokenLink) throw new Error('confirmation mail without a link');
  return { mail, reply: await browser.get(mail.tokenLink) };
}

/** Submits the login form. */
export function login(
  browser: Browser,
  who: Pick<Identity, 'email' | 'password'>,
  options: { remember?: boolean; next?: string } = {},
): Promise<Reply> {
  const action = options.next
    ? `/auth/login?next=${encodeURIComponent(options.next)}`
    : '/auth/login';
  return browser.submit(action, {
    email: who.email,
    password: who.password,
    ...(options.remember ? { remember_me: 'y' } : {}),
  });
}

/** A registered, confirmed and logged-in user with the browser that logged in. */
export interface SignedUp {
  readonly who: Identity;
  readonly browser: Browser;
}

/** Registers, confirms from the mail and logs in; throws when a step does not answer `302`. */
export async function signUp(
  app: TestApp,
  options: { label?: string; remember?: boolean; confirm?: boolean; browser?: BrowserOptions } = {},
): Promise<SignedUp> {
  const who = newIdentity(options.label);
  const browser = app.browser(options.browser);
  expectRedirect(await register(browser, who), 'register');
  if (options.confirm !== false) {
    expectRedirect((await confirmFromMail(app, browser, who.email)).reply, 'confirm');
  }
  expectRedirect(await login(browser, who, { remember: options.remember ?? false }), 'login');
  return { who, browser };
}

/** Registers and confirms without logging in. */
export async function registerConfirmed(app: TestApp, label?: string): Promise<Identity> {
  const who = newIdentity(label);
  const browser = app.browser();
  expectRedirect(await register(browser, who), 'register');
  expectRedirect((await confirmFromMail(app, browser, who.email)).reply, 'confirm');
  return who;
}

function expectRedirect(reply: Reply, step: string): void {
  if (reply.status !== 302 && reply.status !== 303) {
    throw new Error(
      `${step} answered ${reply.status}, not a redirect: ${reply.text.slice(0, 300)}`,
    );
  }
}
