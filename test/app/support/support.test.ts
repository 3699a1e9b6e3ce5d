/** @module The test helpers themselves: the cookie-keeping browser, raw HTTP, the HTML reader. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './browser.js';
import { csrfTokenOf, elementsWith, formFor, hrefs, inputNamed, textOf } from './html.js';
import { rawRequest } from './raw-http.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/set') {
      response.setHeader('set-cookie', [
        'session=s1; Path=/; HttpOnly',
        'remember_token=r1; Max-Age=60; Path=/',
        'old=o; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      ]);
    }
    if (url.pathname === '/clear') response.setHeader('set-cookie', 'session=; Max-Age=0; Path=/');
    response.setHeader('location', '/elsewhere');
    response.statusCode = url.pathname === '/echo' ? 200 : 302;
    response.end(
      JSON.stringify({ cookie: request.headers.cookie ?? '', host: request.headers.host }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the test browser', () => {
  it('keeps cookies, does not follow redirects, and drops browser-session cookies on close', async () => {
    let now = 1_000_000;
    const browser = new Browser(base, { now: () => now });
    const reply = await browser.get('/set');
    expect(reply.status).toBe(302);
    expect(reply.location).toBe('/elsewhere');
    expect(browser.cookieHeader()).toBe('session=s1; remember_token=r1');
    expect(JSON.parse((await browser.get('/echo')).text).cookie).toBe(
      'session=s1; remember_token=r1',
    );
    browser.closeBrowser();
    expect(browser.cookieHeader()).toBe('remember_token=r1');
    now += 61_000;
    expect(browser.cookieHeader()).toBe('');
  });

  it('Max-Age=0 deletes a cookie', async () => {
    const browser = new Browser(base);
    await browser.get('/set');
    await browser.get('/clear');
    expect(browser.cookie('session')).toBeUndefined();
  });

  it('rawRequest sends a forged Host as is', async () => {
    const reply = await rawRequest(base, { path: '/echo', headers: [['host', 'evil.example']] });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).host).toBe('evil.example');
  });
});

describe('the test HTML reader', () => {
  const page = `<form method="post" action="/auth/logout"><input type="hidden" name="csrf_token" value="t&amp;1"></form>
    <form method="post" action="/auth/login?next=%2Fp"><input name="email" autocomplete="email" />
    <input type=hidden name=csrf_token value=t2></form>
    <ul><li data-session-id="abc" data-current><div>UA <b>x</b></div><div>1.2.3.4</div></li></ul>
    <a href="/profile">Profile &amp; more</a>`;

  it('finds forms by action, their tokens and inputs', () => {
    expect(formFor(page, '/auth/login')?.method).toBe('post');
    expect(csrfTokenOf(page, '/auth/login')).toBe('t2');
    expect(csrfTokenOf(page, '/auth/logout')).toBe('t&1');
    expect(inputNamed(page, 'email')?.attributes.autocomplete).toBe('email');
  });

  it('reads elements by attribute with their nested content, links and text', () => {
    const [entry] = elementsWith(page, 'data-session-id');
    expect(entry?.tag.attributes).toMatchObject({ 'data-session-id': 'abc', 'data-current': '' });
    expect(textOf(entry?.inner ?? '')).toBe('UA x 1.2.3.4');
    expect(hrefs(page)).toEqual(['/profile']);
    expect(textOf(page)).toContain('Profile & more');
  });
});
