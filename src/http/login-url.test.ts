import { describe, expect, it } from 'vitest';
import { loginUrl } from './login-url.js';

const requestOrigin = 'http://app.test';

describe('loginUrl', () => {
  it('loginUrl() appends the path as an encoded next parameter', () => {
    expect(loginUrl('/login', '/secret')).toBe('/login?next=%2Fsecret');
  });

  it('loginUrl() uses a custom next field', () => {
    expect(loginUrl('/login', '/secret', { nextField: 'n' })).toBe('/login?n=%2Fsecret');
  });

  it('loginUrl() keeps the existing query parameters of the login view', () => {
    expect(loginUrl('/login?lang=en', '/secret')).toBe('/login?lang=en&next=%2Fsecret');
    expect(loginUrl('/login?a=b%20c&flag', '/secret')).toBe('/login?a=b%20c&flag&next=%2Fsecret');
  });

  it('loginUrl() replaces a next parameter already on the login view', () => {
    expect(loginUrl('/login?next=%2Fold&lang=en', '/secret')).toBe('/login?lang=en&next=%2Fsecret');
  });

  it('loginUrl() puts the parameter before the fragment of the login view', () => {
    expect(loginUrl('/login#form', '/secret')).toBe('/login?next=%2Fsecret#form');
    expect(loginUrl('/login?lang=en#form', '/secret')).toBe('/login?lang=en&next=%2Fsecret#form');
  });

  it('loginUrl() keeps only the path for an absolute login view on the request origin', () => {
    expect(loginUrl('http://app.test/login', '/secret', { requestOrigin })).toBe(
      'http://app.test/login?next=%2Fsecret',
    );
    expect(loginUrl('//app.test/login', '/secret', { requestOrigin })).toBe(
      '//app.test/login?next=%2Fsecret',
    );
  });

  it('loginUrl() keeps the full next URL for a login view on another origin', () => {
    expect(loginUrl('https://sso.test/login', '/secret', { requestOrigin })).toBe(
      'https://sso.test/login?next=http%3A%2F%2Fapp.test%2Fsecret',
    );
  });

  it('loginUrl() treats another scheme on the same host as another origin', () => {
    expect(loginUrl('https://app.test/login', '/secret', { requestOrigin })).toBe(
      'https://app.test/login?next=http%3A%2F%2Fapp.test%2Fsecret',
    );
  });

  it('loginUrl() compares the login view with the origin of an absolute next URL', () => {
    expect(loginUrl('http://app.test/login', 'http://app.test/secret?a=1#top')).toBe(
      'http://app.test/login?next=%2Fsecret%3Fa%3D1',
    );
    expect(loginUrl('https://sso.test/login', 'http://app.test/secret')).toBe(
      'https://sso.test/login?next=http%3A%2F%2Fapp.test%2Fsecret',
    );
  });

  it('loginUrl() returns the login view unchanged when next is null', () => {
    expect(loginUrl('/login?lang=en#x', null)).toBe('/login?lang=en#x');
    expect(loginUrl('/login', null, { forceHost: 'good.com' })).toBe('/login');
  });

  it('loginUrl() puts the forced host on the login view', () => {
    expect(loginUrl('/login', '/secret', { forceHost: 'good.com' })).toBe(
      '//good.com/login?next=%2Fsecret',
    );
    expect(loginUrl('https://evil.test/login', '/secret', { forceHost: 'good.com:8443' })).toBe(
      'https://good.com:8443/login?next=%2Fsecret',
    );
  });

  it('loginUrl() throws config_invalid for a forced host that is not a bare host', () => {
    for (const forceHost of ['', 'good.com/path', 'user@good.com', 'good .com']) {
      expect(() => loginUrl('/login', '/secret', { forceHost })).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      );
    }
  });

  it('loginUrl() encodes the query of the next path', () => {
    expect(loginUrl('/login', '/secret?a=1&b=2')).toBe('/login?next=%2Fsecret%3Fa%3D1%26b%3D2');
  });

  it('loginUrl() drops the fragment of the next path', () => {
    expect(loginUrl('/login', '/secret#part')).toBe('/login?next=%2Fsecret');
  });

  it('loginUrl() percent-encodes non-ASCII paths once', () => {
    expect(loginUrl('/login', '/café')).toBe('/login?next=%2Fcaf%C3%A9');
    expect(loginUrl('/login', '/caf%C3%A9')).toBe('/login?next=%2Fcaf%25C3%25A9');
    const next = new URL(`http://app.test${loginUrl('/login', '/café')}`).searchParams.get('next');
    expect(next).toBe('/café');
  });

  it('loginUrl() survives a lone surrogate in next', () => {
    expect(loginUrl('/login', '/x\ud800')).toBe('/login?next=%2Fx%EF%BF%BD');
  });
});
