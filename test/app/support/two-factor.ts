/**
 * @module Two-factor as a person drives it: open the setup page, read the secret it shows,
 * compute the code an authenticator app would show (with `otpauth`, at the app's clock), and
 * give it; then the code step of a login.
 */
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { Browser, Reply } from './browser.js';
import { type Identity, login } from './flows.js';
import { elementsWith } from './html.js';
import type { TestApp } from './test-app.js';

/** One TOTP step. */
export const STEP_MS = 30_000;

/** The code an authenticator app shows for `secret` at the app's current time (plus `offsetMs`). */
export function codeFor(app: TestApp, secret: string, offsetMs = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({
    timestamp: app.clock.now() + offsetMs,
  });
}

/** The values of every element carrying `attribute` on a page. */
export function attributeValues(html: string, attribute: string): string[] {
  return elementsWith(html, attribute).map(({ tag }) => tag.attributes[attribute] ?? '');
}

/** Turns two-factor on from the setup page; answers the secret and the recovery codes shown. */
export async function turnOnTwoFactor(
  app: TestApp,
  browser: Browser,
): Promise<{ secret: string; recoveryCodes: string[]; reply: Reply }> {
  const page = await browser.get('/auth/two-factor/setup');
  expect(page.status, 'setup page').toBe(200);
  const [secret = ''] = attributeValues(page.text, 'data-totp-secret');
  const reply = await browser.submit('/auth/two-factor/setup', { code: codeFor(app, secret) });
  expect(reply.status, 'setup confirmation').toBe(200);
  const recoveryCodes = attributeValues(reply.text, 'data-recovery-code');
  // The confirming code's step is used up: later codes come from the next step.
  app.clock.advance(STEP_MS);
  return { secret, recoveryCodes, reply };
}

/** The password step, then the code step; answers the code step's reply. */
export async function loginWithCode(
  browser: Browser,
  who: Pick<Identity, 'email' | 'password'>,
  code: string,
  options: { remember?: boolean; next?: string } = {},
): Promise<{ password: Reply; code: Reply }> {
  const password = await login(browser, who, options);
  expect(password.status, 'password step').toBe(302);
  const action = password.location ?? '/auth/two-factor';
  return {
    password,
    code: await browser.submit(pathOnly(action), { code }, { page: pathOnly(action) }),
  };
}

function pathOnly(location: string): string {
  const url = new URL(location, 'http://app.invalid');
  return `${url.pathname}${url.search}`;
}
