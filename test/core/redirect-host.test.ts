import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';

describe('strict host for redirects (StrictHostForRedirectsTestCase), over HTTP', () => {
  it('the request host is not put into the login redirect', async () => {
    const h = createHarness({ loginView: '/login' });
    const response = await h.client().get('http://foo.com/secret');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?next=%2Fsecret');
  });

  it('a forged X-Forwarded-Host does not reach the login redirect', async () => {
    const h = createHarness({ loginView: '/login' });
    const response = await h
      .client({ 'x-forwarded-host': 'evil.test', host: 'foo.com' })
      .get('http://foo.com/secret');
    expect(response.headers.get('location')).toBe('/login?next=%2Fsecret');
  });

  it('forceHostForRedirects "good.com" gives //good.com/login?next=%2Fsecret', async () => {
    const h = createHarness({ loginView: '/login', forceHostForRedirects: 'good.com' });
    const response = await h.client().get('http://foo.com/secret');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('//good.com/login?next=%2Fsecret');
  });

  it('forceHostForRedirects wins over X-Forwarded-Host', async () => {
    const h = createHarness({ loginView: '/login', forceHostForRedirects: 'good.com' });
    const response = await h
      .client({ 'x-forwarded-host': 'evil.test' })
      .get('http://foo.com/secret?x=1');
    expect(response.headers.get('location')).toBe('//good.com/login?next=%2Fsecret%3Fx%3D1');
  });

  it('forceHostForRedirects applies to the refresh redirect too', async () => {
    const h = createHarness({ refreshView: '/reauth', forceHostForRedirects: 'good.com' });
    const client = h.client();
    await client.get('http://foo.com/login/1?fresh=0');
    const response = await client.get('http://foo.com/sudo');
    expect(response.headers.get('location')).toBe('//good.com/reauth?next=%2Fsudo');
  });
});
