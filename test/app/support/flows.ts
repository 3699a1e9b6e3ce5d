/**
 * @module The account flows as a person drives them through the forms: fresh identities,
 * register, confirm from the caught mail, log in (and all three in one call), change the
 * password, reset it from the mailed link, and ask for an email-change link.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Browser, BrowserOptions, Reply } from './browser.js';
import type { CaughtMail } from './mail-catcher.js';
import type { TestApp } from './test-app.js';

/** Who a test registers as. */
export interface Identity {
  readonly email: string;
  readonly username: string;
  readonly password: string;
}

/** What the flows need of an app: new browsers against it and the mail it sends. */
export type FlowApp = Pick<TestApp, 'browser' | 'mail'>;

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

/** The registration form's fields for `who`, the password typed twice. */
export function registrationFields(who: Identity): Record<string, string> {
  return {
    email: who.email,
    username: who.username,
    password: who.password,
    password2: who.password,
  };
}

/** Submits the registration form. */
export function register(browser: Browser, who: Identity): Promise<Reply> {
  return browser.submit('/auth/register', registrationFields(who));
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

/** Registers, confirms from the mail and logs in; throws when a step does not redirect. */
export async function signUp(
  app: FlowApp,
  options: { label?: string; remember?: boolean; browser?: BrowserOptions; who?: Identity } = {},
): Promise<SignedUp> {
  const who = options.who ?? newIdentity(options.label);
  const browser = app.browser(options.browser);
  await registerAndConfirm(app, browser, who);
  expectRedirect(await login(browser, who, { remember: options.remember ?? false }), 'login');
  return { who, browser };
}

/** Registers and confirms without logging in. */
export async function registerConfirmed(app: FlowApp, label?: string): Promise<Identity> {
  const who = newIdentity(label);
  await registerAndConfirm(app, app.browser(), who);
  return who;
}

/** Registers `who` in `browser`, then opens the mailed confirmation link there. */
async function registerAndConfirm(app: FlowApp, browser: Browser, who: Identity): Promise<void> {
  expectRedirect(await register(browser, who), 'register');
  const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
  expectRedirect(await browser.get(linkOf(mail)), 'confirm');
}

/** Submits the change-password form from `who`'s current password to `password`. */
export function changePassword(browser: Browser, who: Identity, password: string): Promise<Reply> {
  return browser.submit('/auth/change-password', {
    old_password: who.password,
    password,
    password2: password,
  });
}

/** Asks for a password reset for `who` from a new browser and answers the mailed link. */
export async function resetLink(app: FlowApp, who: Pick<Identity, 'email'>): Promise<string> {
  const reply = await app.browser().submit('/auth/reset', { email: who.email });
  expect(reply.status, 'reset request').toBe(302);
  return linkOf(await app.mail.waitForMail({ to: who.email, kind: 'reset' }));
}

/** Opens a reset link's form and submits `password` twice. */
export function setNewPassword(browser: Browser, link: string, password: string): Promise<Reply> {
  return browser.submit(link, { password, password2: password }, { page: link });
}

/** Asks to move `who` to `email` (their password confirming) and answers the mailed link. */
export async function emailChangeLink(
  app: FlowApp,
  browser: Browser,
  who: Identity,
  email: string,
): Promise<string> {
  const reply = await browser.submit('/auth/change-email', { email, password: who.password });
  expect(reply.status, 'email change request').toBe(302);
  return linkOf(await app.mail.waitForMail({ to: email, kind: 'email-change' }));
}

function linkOf(mail: CaughtMail): string {
  if (!mail.tokenLink) throw new Error(`${mail.kind} mail without a link: ${mail.subject}`);
  return mail.tokenLink;
}

function expectRedirect(reply: Reply, step: string): void {
  if (reply.status !== 302 && reply.status !== 303) {
    throw new Error(
      `${step} answered ${reply.status}, not a redirect: ${reply.text.slice(0, 300)}`,
    );
  }
}
