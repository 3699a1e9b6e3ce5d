/**
 * Response headers: `Cache-Control: no-store` where the contract asks for it, the security
 * headers, and mailed links built from PUBLIC_URL whatever Host the request names.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from './support/browser.js';
import { newIdentity, registerConfirmed, registrationFields, signUp } from './support/flows.js';
import { rawRequest } from './support/raw-http.js';
import { useTestApp } from './support/test-app.js';

function noStore(reply: { readonly headers: Headers }): boolean {
  return /(^|,)\s*no-store\s*(,|$)/i.test(reply.headers.get('cache-control') ?? '');
}

describe('Cache-Control and security headers', () => {
  const app = useTestApp();

  it('every page under /auth/ sends Cache-Control: no-store, anonymous or not', async () => {
    const anonymous = app.browser();
    for (const path of ['/auth/login', '/auth/register', '/auth/reset', '/auth/logout']) {
      expect(noStore(await anonymous.get(path)), path).toBe(true);
    }
    const { browser } = await signUp(app, { label: 'nostore' });
    for (const path of [
      '/auth/change-password',
      '/auth/change-email',
      '/auth/sessions',
      '/auth/tokens',
      '/auth/reauthenticate',
      '/auth/login',
    ]) {
      expect(noStore(await browser.get(path)), path).toBe(true);
    }
    expect(noStore(await app.browser().get('/auth/confirm/not-a-token')), 'bad link').toBe(true);
  });

  it('every page for a logged-in user sends Cache-Control: no-store', async () => {
    const { browser } = await signUp(app, { label: 'loggedin' });
    for (const path of ['/', '/profile']) {
      expect(noStore(await browser.get(path)), path).toBe(true);
    }
  });

  it('every response that sets a cookie sends Cache-Control: no-store', async () => {
    const who = await registerConfirmed(app, 'setcookie');
    const browser = app.browser();
    const replies: Reply[] = [await browser.get('/auth/login')];
    const token = await browser.csrfToken('/auth/login');
    replies.push(
      await browser.post('/auth/login', {
        email: who.email,
        password: who.password,
        remember_me: 'y',
        csrf_token: token,
      }),
    );
    browser.closeBrowser();
    replies.push(await browser.get('/'));
    replies.push(await browser.submit('/auth/logout', {}, { page: '/profile' }));
    const setting = replies.filter((reply) => reply.setCookies.length > 0);
    expect(setting.length).toBeGreaterThanOrEqual(3);
    for (const reply of setting) expect(noStore(reply), reply.setCookies.join(' | ')).toBe(true);
  });

  it('every answer carries CSP with frame-ancestors none, nosniff, X-Frame-Options DENY and a Referrer-Policy', async () => {
    for (const path of ['/', '/auth/login', '/healthz', '/no/such/page']) {
      const reply = await app.browser().get(path);
      const csp = reply.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).toMatch(/default-src 'self'/);
      expect(reply.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(reply.headers.get('x-frame-options'), path).toBe('DENY');
      expect(reply.headers.get('referrer-policy'), path).toBeTruthy();
    }
  });

  it('pages carry no inline script or style the CSP would block', async () => {
    const html = (await app.browser().get('/auth/login')).text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\sstyle="/i);
    expect(html).not.toMatch(/<style\b/i);
  });
});

describe('links in mail come from PUBLIC_URL, never from the request', () => {
  const app = useTestApp({ env: { PUBLIC_URL: 'https://accounts.example.test' } });

  /** POSTs a form over a raw socket with a forged Host and forwarding headers. */
  async function postForged(path: string, fields: Record<string, string>) {
    const browser = app.browser();
    const token = await browser.csrfToken(path);
    const body = new URLSearchParams({ ...fields, csrf_token: token }).toString();
    return rawRequest(app.url, {
      method: 'POST',
      path,
      headers: [
        ['host', 'evil.example'],
        ['x-forwarded-host', 'evil.example'],
        ['x-forwarded-proto', 'http'],
        ['forwarded', 'host=evil.example;proto=http'],
        ['cookie', browser.cookieHeader()],
        ['content-type', 'application/x-www-form-urlencoded'],
      ],
      body,
    });
  }

  it('the confirmation link is absolute under PUBLIC_URL despite Host and X-Forwarded-Host', async () => {
    const who = newIdentity('forged');
    const reply = await postForged('/auth/register', registrationFields(who));
    expect(reply.status).toBe(302);
    const mail = await app.mail.waitForMail({ to: who.email, kind: 'confirm' });
    expect(mail.tokenLink?.startsWith('https://accounts.example.test/auth/confirm/')).toBe(true);
    expect(mail.text).not.toContain('evil.example');
    expect(mail.html).not.toContain('evil.example');
  });

  it('the reset link is absolute under PUBLIC_URL despite Host and X-Forwarded-Host', async () => {
    const who = await registerConfirmed(app, 'forgedreset');
    expect((await postForged('/auth/reset', { email: who.email })).status).toBe(302);
    const mail = await app.mail.waitForMail({ to: who.email, kind: 'reset' });
    expect(mail.tokenLink?.startsWith('https://accounts.example.test/auth/reset/')).toBe(true);
    expect(mail.text).not.toContain('evil.example');
  });

  it('a POST whose Origin is the bound address, not PUBLIC_URL, gets 403', async () => {
    const browser = app.browser();
    const token = await browser.csrfToken('/auth/reset');
    const reply = await browser.post(
      '/auth/reset',
      { email: newIdentity('x').email, csrf_token: token },
      { origin: new URL(app.url).origin },
    );
    expect(reply.status).toBe(403);
    const ok = await browser.post(
      '/auth/reset',
      { email: newIdentity('y').email, csrf_token: token },
      { origin: 'https://accounts.example.test' },
    );
    expect(ok.status).toBe(302);
  });
});
