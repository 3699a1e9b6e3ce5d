import { describe, expect, it } from 'vitest';
import { LatchkeyError } from '../errors.js';
import {
  type CookieAttributes,
  MAX_COOKIE_HEADER_LENGTH,
  parseCookieHeader,
  serializeCookie,
  serializeCookieDeletion,
} from './cookies.js';

describe('parseCookieHeader', () => {
  it('parseCookieHeader() reads every pair of an ordinary header', () => {
    const cookies = parseCookieHeader('sid=abc; theme=dark;lang=en');
    expect([...cookies]).toEqual([
      ['sid', 'abc'],
      ['theme', 'dark'],
      ['lang', 'en'],
    ]);
  });

  it('parseCookieHeader() returns an empty map for a missing header', () => {
    expect(parseCookieHeader(undefined).size).toBe(0);
    expect(parseCookieHeader(null).size).toBe(0);
    expect(parseCookieHeader('').size).toBe(0);
  });

  it('parseCookieHeader() decodes percent-encoding', () => {
    expect(parseCookieHeader('a=hello%20world%3B').get('a')).toBe('hello world;');
  });

  it('parseCookieHeader() keeps the raw value when percent-encoding is malformed', () => {
    expect(parseCookieHeader('a=%E0%A4%A; b=ok').get('a')).toBe('%E0%A4%A');
    expect(parseCookieHeader('a=%E0%A4%A; b=ok').get('b')).toBe('ok');
  });

  it('parseCookieHeader() keeps the first of duplicated names', () => {
    expect(parseCookieHeader('sid=specific; sid=general').get('sid')).toBe('specific');
  });

  it('parseCookieHeader() stores __proto__ as an ordinary name without polluting prototypes', () => {
    const cookies = parseCookieHeader('__proto__=x; constructor=y; toString=z');
    expect(cookies.get('__proto__')).toBe('x');
    expect(cookies.get('constructor')).toBe('y');
    expect(cookies.get('toString')).toBe('z');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('parseCookieHeader() does not mistake inherited names for cookies already seen', () => {
    expect(parseCookieHeader('hasOwnProperty=1').get('hasOwnProperty')).toBe('1');
  });

  it('parseCookieHeader() removes the quotes around a quoted value', () => {
    expect(parseCookieHeader('a="quoted"; b="; c=""').get('a')).toBe('quoted');
    expect(parseCookieHeader('a="quoted"; b="; c=""').get('b')).toBe('"');
    expect(parseCookieHeader('a="quoted"; b="; c=""').get('c')).toBe('');
  });

  it('parseCookieHeader() skips pairs without a name or without an equals sign', () => {
    const cookies = parseCookieHeader('=nameless; flag; ok=1; ;;');
    expect([...cookies]).toEqual([['ok', '1']]);
  });

  it('parseCookieHeader() survives headers of only separators and control characters', () => {
    for (const header of [';;;;', '; ; ;', '\u0000\u0001\r\n', '=;=;=', '%', '"', '\t=\t']) {
      expect(() => parseCookieHeader(header)).not.toThrow();
    }
    expect(parseCookieHeader(';;;;').size).toBe(0);
  });

  it('parseCookieHeader() drops a value longer than 4096 characters', () => {
    const cookies = parseCookieHeader(`big=${'a'.repeat(4097)}; small=1; edge=${'b'.repeat(4096)}`);
    expect(cookies.has('big')).toBe(false);
    expect(cookies.get('small')).toBe('1');
    expect(cookies.get('edge')).toHaveLength(4096);
  });

  it('parseCookieHeader() reads only the first 16 KiB of a 100 KB header', () => {
    const pairs = Array.from({ length: 10_000 }, (_, index) => `c${index}=value`);
    const header = pairs.join('; ');
    expect(header.length).toBeGreaterThan(100_000);
    const cookies = parseCookieHeader(header);
    expect(cookies.get('c0')).toBe('value');
    expect(cookies.has('c9999')).toBe(false);
    expect(cookies.size).toBeLessThan(MAX_COOKIE_HEADER_LENGTH / 4);
  });

  it('parseCookieHeader() drops the pair cut in half at the 16 KiB boundary', () => {
    const filler = `f=${'x'.repeat(MAX_COOKIE_HEADER_LENGTH - 20)}; `;
    const cookies = parseCookieHeader(`${filler}sid=0123456789abcdefghijklmnop`);
    expect(cookies.has('sid')).toBe(false);
  });
});

describe('serializeCookie', () => {
  const attributes: CookieAttributes = {
    path: '/',
    domain: 'app.test',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    partitioned: true,
  };

  it('serializeCookie() renders every attribute', () => {
    const header = serializeCookie('sid', 'abc', {
      ...attributes,
      maxAge: 3600,
      expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
    });
    expect(header.split('; ').sort()).toEqual(
      [
        'sid=abc',
        'Max-Age=3600',
        'Domain=app.test',
        'Path=/',
        'Expires=Wed, 02 Jan 2030 03:04:05 GMT',
        'HttpOnly',
        'Secure',
        'Partitioned',
        'SameSite=Lax',
      ].sort(),
    );
  });

  it('serializeCookie() output parses back to the same value', () => {
    const value = 'a b;c=d,é"\\%';
    const header = serializeCookie('sid', value, { path: '/' });
    const pair = header.split('; ')[0];
    expect(parseCookieHeader(pair).get('sid')).toBe(value);
  });

  it('serializeCookie() rounds a fractional maxAge down', () => {
    expect(serializeCookie('a', 'b', { maxAge: 59.9 })).toBe('a=b; Max-Age=59');
  });

  it('serializeCookie() throws invalid_duration for a non-finite maxAge', () => {
    expect(() => serializeCookie('a', 'b', { maxAge: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'invalid_duration' }),
    );
  });

  it('serializeCookie() throws config_invalid for an invalid name, path or domain', () => {
    for (const call of [
      () => serializeCookie('bad name', 'v', {}),
      () => serializeCookie('a', 'v', { path: '/x;Domain=evil' }),
      () => serializeCookie('a', 'v', { domain: 'evil.test;x' }),
    ]) {
      expect(call).toThrow(LatchkeyError);
      expect(call).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    }
  });

  it('serializeCookie() refuses attribute combinations browsers would drop', () => {
    const calls = [
      () => serializeCookie('a', 'v', { sameSite: 'None' }),
      () => serializeCookie('a', 'v', { partitioned: true }),
      () => serializeCookie('__Secure-a', 'v', {}),
      () => serializeCookie('__Host-a', 'v', { secure: true }),
      () => serializeCookie('__Host-a', 'v', { secure: true, path: '/', domain: 'app.test' }),
    ];
    for (const call of calls) {
      expect(call).toThrow(expect.objectContaining({ code: 'config_invalid' }));
    }
    expect(serializeCookie('__Host-a', 'v', { secure: true, path: '/' })).toBe(
      '__Host-a=v; Path=/; Secure',
    );
  });
});

describe('serializeCookieDeletion', () => {
  it('serializeCookieDeletion() expires the cookie with the attributes it was set with', () => {
    const attributes: CookieAttributes = {
      path: '/app',
      domain: 'app.test',
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
      partitioned: true,
    };
    const set = serializeCookie('sid', 'abc', { ...attributes, maxAge: 60 }).split('; ');
    const deletion = serializeCookieDeletion('sid', { ...attributes, maxAge: 60 }).split('; ');
    expect(deletion[0]).toBe('sid=');
    expect(deletion).toContain('Max-Age=0');
    expect(deletion).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    const lifetime = (part: string) => part.startsWith('Max-Age=') || part.startsWith('Expires=');
    expect(deletion.slice(1).filter((part) => !lifetime(part))).toEqual(
      set.slice(1).filter((part) => !lifetime(part)),
    );
  });

  it('serializeCookieDeletion() output parses back to an empty value', () => {
    const pair = serializeCookieDeletion('sid', { path: '/' }).split('; ')[0];
    expect(parseCookieHeader(pair).get('sid')).toBe('');
  });
});
