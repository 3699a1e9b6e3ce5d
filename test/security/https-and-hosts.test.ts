/**
 * The app served under an https PUBLIC_URL: every cookie it ever sets carries the `__Host-`
 * prefix (Secure, Path=/, no Domain); and no forged Host, X-Forwarded-Host, Forwarded or
 * X-Forwarded-Proto value ever reaches a mailed link, in any kind of mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSetCookie } from '../support/set-cookie.js';
import { GOOD_PASSWORD, type SecurityApp, startSecurityApp } from './support/security-app.js';

const PUBLIC_URL = 'https://accounts.example.test';
const POISON: readonly Record<string, string>[] = [
  { host: 'evil.example' },
  { 'x-forwarded-host': 'evil.example' },
  { forwarded: 'host=evil.example;proto=http' },
  { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.example:8443' },
  {
    'x-forwarded-server': 'evil.example',
    'x-host': 'evil.example',
    'x-original-host': 'evil.example',
  },
];

let app: SecurityApp;
beforeAll(async () => {
  app = await startSecurityApp({ env: { PUBLIC_URL } });
});
afterAll(() => app.close());

describe('cookies over https', () => {
  it('every cookie set along every flow has the __Host- prefix, Secure, Path=/ and no Domain', async () => {
    const client = app.client();
    await client.get('/profile');
    await client.submit('/auth/register', {
      email: 'https@example.com',
      username: 'secure',
      password: GOOD_PASSWORD,
      password2: GOOD_PASSWORD,
    });
    await client.submit('/auth/login', {
      email: 'https@example.com',
      password: GOOD_PASSWORD,
      remember_me: 'y',
    });
    await client.get('/auth/sessions');
    await client.submit('/auth/logout', {}, '/auth/logout');
    const names = new Set(client.setCookieLines.map((line) => parseSetCookie(line).name));
    expect(names.size).toBeGreaterThanOrEqual(3);
    for (const line of client.setCookieLines) {
      const cookie = parseSetCookie(line);
      expect(cookie.name, line).toMatch(/^__Host-/);
      expect(cookie.attributes, line).toHaveProperty('secure');
      expect(cookie.attributes.path, line).toBe('/');
      expect(cookie.attributes, line).not.toHaveProperty('domain');
      expect(cookie.attributes, line).toHaveProperty('httponly');
    }
  });
});

describe('forged hosts never reach a mailed link', () => {
  it('registration, taken-address, reset and resend mails link only to PUBLIC_URL', async () => {
    for (const [i, headers] of POISON.entries()) {
      const client = app.client();
      const token = await client.csrfToken('/auth/register');
      const post = (path: string, fields: Record<string, string>) =>
        client.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams({ csrf_token: token, ...fields }).toString(),
        });
      const fields = { username: `poison${i}`, password: GOOD_PASSWORD, password2: GOOD_PASSWORD };
      expect(
        (await post('/auth/register', { email: `poison${i}@example.com`, ...fields })).status,
      ).toBe(302);
      await post('/auth/register', {
        email: `poison${i}@example.com`,
        ...fields,
        username: `again${i}`,
      });
      expect((await post('/auth/reset', { email: `poison${i}@example.com` })).status).toBe(302);
    }
    const outbox = (await app.client().get('/dev/outbox')).text;
    const links = outbox.match(/https?:\/\/[^\s"<>]+/g) ?? [];
    expect(links.length).toBeGreaterThanOrEqual(POISON.length * 2);
    for (const link of links.filter((l) => l.includes('/auth/'))) {
      expect(link.startsWith(`${PUBLIC_URL}/auth/`), link).toBe(true);
    }
    expect(outbox).not.toContain('evil.example');
  });
});

describe('headers over https', () => {
  it('every answer carries HSTS for a year with subdomains, a CSP with object-src and base-uri none, and no CORS grant', async () => {
    const client = app.client();
    for (const path of [
      '/',
      '/auth/login',
      '/auth/register',
      '/static/style.css',
      '/nowhere',
      '/healthz',
    ]) {
      const reply = await client.get(path, { origin: 'https://evil.example' });
      expect(reply.headers.get('strict-transport-security'), path).toBe(
        'max-age=31536000; includeSubDomains',
      );
      const csp = reply.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("base-uri 'none'");
      expect(reply.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(reply.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('every page and message says its media type with a UTF-8 charset', async () => {
    const client = app.client();
    for (const path of ['/', '/auth/login', '/auth/reset', '/nowhere']) {
      expect((await client.get(path)).headers.get('content-type'), path).toMatch(
        /^text\/html; charset=utf-8$/i,
      );
    }
    const json = await client.get('/profile', { accept: 'application/json' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json(; charset=utf-8)?$/i);
  });
});

describe('headers over plain http', () => {
  it('no HSTS while PUBLIC_URL is http (a browser would ignore it, and development must not pin it)', async () => {
    const plain = await startSecurityApp();
    try {
      const reply = await plain.client().get('/');
      expect(reply.status).toBe(200);
      expect(reply.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await plain.close();
    }
  });
});
