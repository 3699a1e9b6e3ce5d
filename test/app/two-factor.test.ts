/**
 * Two-factor over HTTP, as the contract's Part 2 states it: setup shows the secret, its URI
 * and a QR code and turns on with a current code (recovery codes shown once); a correct
 * password then only starts a pending step of 5 minutes belonging to that browser; a code
 * (once) or a recovery code (once) finishes it as a fresh login; wrong codes are failed
 * logins; reauthentication asks the code; new codes, turning it off, and notices by mail.
 */
import { describe, expect, it } from 'vitest';
import {
  cookieValue,
  expectClientError,
  isLoggedIn,
  JSON_CLIENT,
  jsonOf,
  locationPath,
  nextOf,
  REMEMBER_COOKIE,
  SESSION_COOKIE,
} from './support/checks.js';
import { login, newPassword, resetLink, setNewPassword, signUp } from './support/flows.js';
import { elementsWith, hrefs, inputNamed, tags, textOf } from './support/html.js';
import { useTestApp } from './support/test-app.js';
import {
  attributeValues,
  codeFor,
  loginWithCode,
  STEP_MS,
  turnOnTwoFactor,
} from './support/two-factor.js';

const app = useTestApp();
const MINUTE = 60_000;

/** A user with two-factor on, logged out, and a new browser to log in from. */
async function twoFactorUser(label: string) {
  const signedUp = await signUp(app, { label });
  const setup = await turnOnTwoFactor(app, signedUp.browser);
  return { ...signedUp, ...setup, fresh: app.browser() };
}

describe('GET, POST /auth/two-factor/setup', () => {
  it('shows a new secret of at least 160 bits, its otpauth URI and a QR code of it', async () => {
    const { browser } = await signUp(app, { label: 'setupshow' });
    const page = await browser.get('/auth/two-factor/setup');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const [secret = ''] = attributeValues(page.text, 'data-totp-secret');
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(secret.replace(/=+$/, '').length * 5).toBeGreaterThanOrEqual(160);
    const [uri = ''] = attributeValues(page.text, 'data-otpauth-uri');
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.host).toBe('totp');
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(parsed.searchParams.get('algorithm') ?? 'SHA1').toBe('SHA1');
    expect(parsed.searchParams.get('digits') ?? '6').toBe('6');
    expect(parsed.searchParams.get('period') ?? '30').toBe('30');
    const qr = tags(page.text, 'img').find((img) =>
      img.attributes.src?.startsWith('data:image/svg+xml'),
    );
    const svg = Buffer.from(qr?.attributes.src?.split(',')[1] ?? '', 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*>[\s\S]*<path/);
    const again = await browser.get('/auth/two-factor/setup');
    expect(attributeValues(again.text, 'data-totp-secret')[0]).not.toBe(secret);
  });

  it('a wrong code answers 422 and changes nothing', async () => {
    const { who, browser } = await signUp(app, { label: 'setupwrong' });
    const reply = await browser.submit('/auth/two-factor/setup', { code: '000000' });
    expect(reply.status).toBe(422);
    expect(attributeValues(reply.text, 'data-recovery-code')).toEqual([]);
    const relogin = app.browser();
    expect(locationPath(await login(relogin, who))).toBe('/');
    expect(await isLoggedIn(relogin)).toBe(true);
  });

  it('a valid code answers 200 with 10 recovery codes shown once, and mails a notice', async () => {
    const { who, browser } = await signUp(app, { label: 'setupok' });
    const { recoveryCodes, reply } = await turnOnTwoFactor(app, browser);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const mail = await app.mail.waitForMail({ to: who.email, about: /two-factor.*\bon\b/i });
    expect(mail.kind).toBe('notice');
    const later = await browser.get('/auth/two-factor/setup');
    for (const code of recoveryCodes) expect(later.text).not.toContain(code);
  });

  it('the recovery codes page offers to log out every other session, and its button does', async () => {
    const { who, browser } = await signUp(app, { label: 'setupothers' });
    const other = app.browser();
    await login(other, who);
    const { reply } = await turnOnTwoFactor(app, browser);
    const forms = tags(reply.text, 'form').filter(
      (form) => form.attributes.action === '/auth/sessions/revoke-others',
    );
    expect(forms).toHaveLength(1);
    expect(forms[0]?.attributes.method).toBe('post');
    expect(await isLoggedIn(other)).toBe(true);
    const ended = await browser.submit(
      '/auth/sessions/revoke-others',
      {},
      { page: '/auth/sessions' },
    );
    expect(ended.status).toBe(302);
    expect(await isLoggedIn(other)).toBe(false);
    expect(await isLoggedIn(browser)).toBe(true);
  });

  it('needs a fresh login: anonymous visitors go to log in, remembered sessions to reauthenticate', async () => {
    const anonymous = await app.browser().get('/auth/two-factor/setup');
    expect(locationPath(anonymous)).toBe('/auth/login?next=%2Fauth%2Ftwo-factor%2Fsetup');
    const { browser } = await signUp(app, { label: 'setupstale', remember: true });
    browser.closeBrowser();
    const stale = await browser.get('/auth/two-factor/setup');
    expect(stale.status).toBe(302);
    expect(locationPath(stale)?.startsWith('/auth/reauthenticate?next=')).toBe(true);
    const json = await browser.get('/auth/two-factor/setup', JSON_CLIENT);
    expect(json.status).toBe(401);
    expect(jsonOf(json)).toEqual({ error: 'reauthentication_required' });
  });

  it('/profile links to the setup and passkey pages and says whether two-factor is on', async () => {
    const { browser } = await signUp(app, { label: 'profile2fa' });
    const before = await browser.get('/profile');
    expect(hrefs(before.text)).toEqual(
      expect.arrayContaining(['/auth/two-factor/setup', '/auth/passkeys']),
    );
    expect(textOf(before.text)).toMatch(/Two-factor authentication Off/);
    await turnOnTwoFactor(app, browser);
    expect(textOf((await browser.get('/profile')).text)).toMatch(/Two-factor authentication On/);
  });
});

describe('logging in with two-factor on', () => {
  it('a correct password logs no one in: 302 to /auth/two-factor carrying next, and every login-only page stays closed', async () => {
    const { who, fresh } = await twoFactorUser('pending');
    const reply = await login(fresh, who, { next: '/auth/sessions' });
    expect(reply.status).toBe(302);
    expect(locationPath(reply)).toBe('/auth/two-factor?next=%2Fauth%2Fsessions');
    expect(fresh.cookie(SESSION_COOKIE)).toBeUndefined();
    for (const path of ['/profile', '/auth/sessions', '/auth/change-password', '/auth/passkeys']) {
      const page = await fresh.get(path);
      expect(page.status, path).toBe(302);
      expect(locationPath(page)?.startsWith('/auth/login?next='), path).toBe(true);
    }
    const json = await fresh.get('/profile', JSON_CLIENT);
    expect(json.status).toBe(401);
    expect(jsonOf(json)).toEqual({ error: 'login_required' });
    const home = await fresh.get('/');
    expect(hrefs(home.text)).toContain('/auth/login');
    expect(home.text).not.toContain(who.username);
    const step = await fresh.get('/auth/two-factor');
    expect(step.status).toBe(200);
    expect(inputNamed(step.text, 'code')).toBeDefined();
  });

  it('a current code logs in with a new session id, fresh, and goes to the safe next', async () => {
    const { who, secret, fresh } = await twoFactorUser('codeok');
    await fresh.get('/auth/login');
    const { code } = await loginWithCode(fresh, who, codeFor(app, secret), {
      next: '/auth/sessions',
    });
    expect(code.status).toBe(302);
    expect(locationPath(code)).toBe('/auth/sessions');
    expect(code.setCookies.some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    // /auth/sessions needs a fresh login: the code step made one.
    expect((await fresh.get('/auth/sessions')).status).toBe(200);
  });

  it('an unsafe next is dropped at the code step too', async () => {
    const { who, secret, fresh } = await twoFactorUser('codenext');
    const { code } = await loginWithCode(fresh, who, codeFor(app, secret), {
      next: '//evil.example/x',
    });
    expect(locationPath(code)).toBe('/');
  });

  it('remember_me given at the password step applies once the code is right', async () => {
    const { who, secret, fresh } = await twoFactorUser('coderemember');
    const { password, code } = await loginWithCode(fresh, who, codeFor(app, secret), {
      remember: true,
    });
    expect(password.setCookies.some((line) => line.startsWith(`${REMEMBER_COOKIE}=`))).toBe(false);
    expect(
      code.setCookies.some((line) => /^remember_token=[\w-]+\.[\w-]+;.*Max-Age=\d+/i.test(line)),
    ).toBe(true);
    fresh.closeBrowser();
    expect(await isLoggedIn(fresh)).toBe(true);
  });

  it('the same code is refused a second time (replay), and logs no one in', async () => {
    const { who, secret, fresh } = await twoFactorUser('replay');
    const code = codeFor(app, secret);
    expect((await loginWithCode(fresh, who, code)).code.status).toBe(302);
    const other = app.browser();
    const replay = await loginWithCode(other, who, code);
    expectClientError(replay.code);
    expect(await isLoggedIn(other)).toBe(false);
  });

  it('a recovery code works once, and its use is mailed', async () => {
    const { who, recoveryCodes, fresh } = await twoFactorUser('recovery');
    const [code = ''] = recoveryCodes;
    expect(locationPath((await loginWithCode(fresh, who, code)).code)).toBe('/');
    expect(await isLoggedIn(fresh)).toBe(true);
    await app.mail.waitForMail({ to: who.email, about: /recovery code was used/i });
    const again = app.browser();
    expectClientError((await loginWithCode(again, who, code)).code);
    expect(await isLoggedIn(again)).toBe(false);
  });

  it('the pending step ends after 5 minutes', async () => {
    const { who, secret, fresh } = await twoFactorUser('expire');
    await login(fresh, who);
    const token = await fresh.csrfToken('/auth/two-factor');
    app.clock.advance(5 * MINUTE + 1000);
    const late = await fresh.post('/auth/two-factor', {
      code: codeFor(app, secret),
      csrf_token: token,
    });
    expect(late.status).toBe(302);
    expect(locationPath(late)).toBe('/auth/login');
    expect(await isLoggedIn(fresh)).toBe(false);
    expect(locationPath(await fresh.get('/auth/two-factor'))).toBe('/auth/login');
  });

  it('the pending step belongs to its browser: a code from another browser logs no one in', async () => {
    const { who, secret, fresh } = await twoFactorUser('otherbrowser');
    await login(fresh, who);
    const stranger = app.browser();
    await stranger.get('/auth/login');
    const token = await stranger.csrfToken('/auth/login');
    const reply = await stranger.post('/auth/two-factor', {
      code: codeFor(app, secret),
      csrf_token: token,
    });
    expect(locationPath(reply)).toBe('/auth/login');
    expect(await isLoggedIn(stranger)).toBe(false);
  });

  it('wrong codes count as failed logins: after 10 the account answers 429 with Retry-After, even to the right code', async () => {
    const { who, secret, fresh } = await twoFactorUser('throttle');
    await login(fresh, who);
    const token = await fresh.csrfToken('/auth/two-factor');
    for (let i = 0; i < 10; i++) {
      const wrong = await fresh.post('/auth/two-factor', { code: '000000', csrf_token: token });
      expect(wrong.status, `wrong code ${i + 1}`).toBe(401);
    }
    const held = await fresh.post('/auth/two-factor', {
      code: codeFor(app, secret),
      csrf_token: token,
    });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await isLoggedIn(fresh)).toBe(false);
    // The password step is held too: it is the same account's throttle.
    expect((await login(app.browser(), who)).status).toBe(429);
  });

  it('a JSON client gets JSON from the code step', async () => {
    const { who, fresh } = await twoFactorUser('json');
    await login(fresh, who);
    const token = await fresh.csrfToken('/auth/two-factor');
    const reply = await fresh.post(
      '/auth/two-factor',
      { code: '000000', csrf_token: token },
      JSON_CLIENT,
    );
    expect(reply.status).toBe(401);
    expect(jsonOf(reply)).toMatchObject({ error: 'invalid' });
  });

  it('a POST without a CSRF token gets 403 and changes nothing', async () => {
    const { who, secret, fresh } = await twoFactorUser('csrf');
    await login(fresh, who);
    const reply = await fresh.post('/auth/two-factor', { code: codeFor(app, secret) });
    expect(reply.status).toBe(403);
    expect(await isLoggedIn(fresh)).toBe(false);
    const { browser } = await signUp(app, { label: 'csrfsetup' });
    expect((await browser.post('/auth/two-factor/setup', { code: '123456' })).status).toBe(403);
  });

  it('a password reset by email does not turn two-factor off', async () => {
    const { who, secret, fresh } = await twoFactorUser('reset');
    const password = newPassword();
    const link = await resetLink(app, who);
    expect((await setNewPassword(app.browser(), link, password)).status).toBe(302);
    const reply = await login(fresh, { email: who.email, password });
    expect(locationPath(reply)?.startsWith('/auth/two-factor')).toBe(true);
    expect(await isLoggedIn(fresh)).toBe(false);
    const done = await fresh.submit('/auth/two-factor', { code: codeFor(app, secret) });
    expect(done.status).toBe(302);
    expect(await isLoggedIn(fresh)).toBe(true);
  });
});

describe('reauthenticating a two-factor account', () => {
  it('asks the password and a code on the same form; both make the session fresh', async () => {
    const { who, secret, fresh } = await twoFactorUser('reauth');
    await loginWithCode(fresh, who, codeFor(app, secret), { remember: true });
    fresh.closeBrowser();
    app.clock.advance(STEP_MS);
    const sent = await fresh.get('/auth/sessions');
    expect(locationPath(sent)?.startsWith('/auth/reauthenticate')).toBe(true);
    const form = await fresh.get('/auth/reauthenticate');
    expect(inputNamed(form.text, 'password')).toBeDefined();
    expect(inputNamed(form.text, 'code')).toBeDefined();
    const action = '/auth/reauthenticate?next=%2Fauth%2Fsessions';
    const passwordOnly = await fresh.submit(action, { password: who.password }, { page: action });
    expectClientError(passwordOnly);
    const wrongCode = await fresh.submit(
      action,
      { password: who.password, code: '000000' },
      { page: action },
    );
    expectClientError(wrongCode);
    expect((await fresh.get('/auth/sessions')).status).toBe(302);
    const before = cookieValue(fresh, SESSION_COOKIE);
    const ok = await fresh.submit(
      action,
      { password: who.password, code: codeFor(app, secret) },
      { page: action },
    );
    expect(ok.status).toBe(302);
    expect(locationPath(ok)).toBe('/auth/sessions');
    expect(cookieValue(fresh, SESSION_COOKIE)).not.toBe(before);
    expect((await fresh.get('/auth/sessions')).status).toBe(200);
  });

  it('a plain account is asked only its password', async () => {
    const { browser } = await signUp(app, { label: 'reauthplain' });
    const form = await browser.get('/auth/reauthenticate');
    expect(inputNamed(form.text, 'code')).toBeUndefined();
  });
});

describe('POST /auth/two-factor/recovery-codes and /auth/two-factor/disable', () => {
  it('new recovery codes: 10 shown once, the old ones stop working, and a notice is mailed', async () => {
    const { who, browser, recoveryCodes } = await twoFactorUser('newcodes');
    const reply = await browser.submit(
      '/auth/two-factor/recovery-codes',
      {},
      { page: '/auth/two-factor/setup' },
    );
    expect(reply.status).toBe(200);
    const fresh = attributeValues(reply.text, 'data-recovery-code');
    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => recoveryCodes.includes(code))).toBe(false);
    await app.mail.waitForMail({ to: who.email, about: /new recovery codes/i });
    const old = app.browser();
    expectClientError((await loginWithCode(old, who, recoveryCodes[0] ?? '')).code);
    const ok = app.browser();
    expect((await loginWithCode(ok, who, fresh[0] ?? '')).code.status).toBe(302);
  });

  it('new recovery codes without two-factor on are refused with a 4xx', async () => {
    const { browser } = await signUp(app, { label: 'newcodesoff' });
    const token = await browser.csrfToken('/auth/logout', '/profile');
    const reply = await browser.post('/auth/two-factor/recovery-codes', { csrf_token: token });
    expectClientError(reply);
    expect(elementsWith(reply.text, 'data-recovery-code')).toEqual([]);
  });

  it('turning it off needs a current code (422 otherwise), answers 302, mails a notice, and logins stop asking', async () => {
    const { who, browser, secret } = await twoFactorUser('disable');
    const page = { page: '/auth/two-factor/setup' };
    const wrong = await browser.submit('/auth/two-factor/disable', { code: '000000' }, page);
    expect(wrong.status).toBe(422);
    const ok = await browser.submit(
      '/auth/two-factor/disable',
      { code: codeFor(app, secret) },
      page,
    );
    expect(ok.status).toBe(302);
    await app.mail.waitForMail({ to: who.email, about: /two-factor.*\boff\b/i });
    expect(textOf((await browser.get('/profile')).text)).toMatch(/Two-factor authentication Off/);
    const relogin = app.browser();
    expect(locationPath(await login(relogin, who))).toBe('/');
    expect(await isLoggedIn(relogin)).toBe(true);
  });

  it('both need a fresh login: a session restored by remember-me is sent to reauthenticate', async () => {
    const signedIn = await signUp(app, { label: 'codesstale', remember: true });
    await turnOnTwoFactor(app, signedIn.browser);
    signedIn.browser.closeBrowser();
    // The restored session's own token: only the freshness rule can refuse the POST.
    const token = await signedIn.browser.csrfToken('/auth/logout', '/profile');
    for (const path of ['/auth/two-factor/recovery-codes', '/auth/two-factor/disable']) {
      const reply = await signedIn.browser.post(path, { csrf_token: token, code: '000000' });
      expect(reply.status, path).toBe(302);
      expect(locationPath(reply)?.startsWith('/auth/reauthenticate?next='), path).toBe(true);
      expect(nextOf(reply), path).toBe(path);
    }
    expect(await isLoggedIn(signedIn.browser)).toBe(true);
  });
});
