import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.js';

const origin = 'http://app.test';

describe('safeNext', () => {
  const refused: ReadonlyArray<[string, unknown]> = [
    ['protocol-relative', '//x'],
    ['triple slash', '///x'],
    ['slash backslash', '/\\x'],
    ['backslash slash', '\\/x'],
    ['literal tab after the slash', '/\t/x'],
    ['encoded tab after the slash', '/%09/x'],
    ['absolute https', 'https://x'],
    ['scheme without slashes', 'http:x'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['mixed-case javascript scheme', 'JaVaScRiPt:alert(1)'],
    ['data scheme', 'data:text/html,<script>alert(1)</script>'],
    ['userinfo trick', '//127.0.0.1@x'],
    ['header injection', '/x\r\nSet-Cookie: a=b'],
    ['trailing newline', '/x\n'],
    ['leading NUL', '\u0000/x'],
    ['DEL', '/x\u007f'],
    ['C1 control', '/x\u0085'],
    ['non-Latin-1', '/\u4f50'],
    ['malformed percent-encoding', '/%E0%A4%A'],
    ['encoded double slash', '/%2F%2Fevil.com'],
    ['encoded backslash', '/%5Cevil.com'],
    ['double-encoded double slash', '/%252F%252Fevil.com'],
    ['encoded CRLF in the query', '/x?a=%0D%0ASet-Cookie:%20a=b'],
    ['backslash inside the path', '/a\\b'],
    ['leading space', ' /x'],
    ['relative path', 'x'],
    ['dot segments escaping to a host', '/..//evil.com'],
    ['dot segment then host', '/.//evil.com'],
    ['encoded dot segments escaping to a host', '/%2e%2e//evil.com'],
    ['empty string', ''],
    ['3000-character path', `/${'a'.repeat(2999)}`],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', {}],
    ['an array holding a path', ['/x']],
  ];

  it.each(refused)('safeNext() refuses a %s', (_label, value) => {
    expect(safeNext(value)).toBeNull();
    expect(safeNext(value, { origin })).toBeNull();
  });

  const refusedWithOrigin: ReadonlyArray<[string, string]> = [
    ['another host', 'http://evil.com'],
    ['another scheme', 'https://app.test/x'],
    ['another port', 'http://app.test:8080/x'],
    ['userinfo pointing elsewhere', 'http://app.test@evil.com/x'],
    ['userinfo on our host', 'http://user:pass@app.test/x'],
    ['our host with a backslash', 'http://app.test\\evil.com/x'],
    ['our host then a double slash path', 'http://app.test//evil.com'],
    ['our host then an encoded double slash', 'http://app.test/%2F%2Fevil.com'],
  ];

  it.each(refusedWithOrigin)('safeNext() refuses %s even with an origin', (_label, value) => {
    expect(safeNext(value, { origin })).toBeNull();
  });

  const accepted: ReadonlyArray<[string, string]> = [
    ['/', '/'],
    ['/secret', '/secret'],
    ['/secret?x=1&y=%2F', '/secret?x=1&y=%2F'],
    ['/a/b#frag', '/a/b#frag'],
    ['/a/../b', '/b'],
    ['/a/../b?x=1', '/b?x=1'],
    ['/\u00fc', '/%C3%BC'],
    ['/a b', '/a%20b'],
    ['/search?q=a\\b', '/search?q=a\\b'],
  ];

  it.each(accepted)('safeNext() accepts %s as %s', (value, expected) => {
    expect(safeNext(value)).toBe(expected);
    expect(safeNext(value, { origin })).toBe(expected);
  });

  it('safeNext() reduces an absolute URL on the given origin to its path', () => {
    expect(safeNext('http://app.test/x?y=1', { origin })).toBe('/x?y=1');
    expect(safeNext('HTTP://APP.TEST/x#h', { origin })).toBe('/x#h');
    expect(safeNext('http://app.test', { origin })).toBe('/');
  });

  it('safeNext() refuses absolute URLs when no origin is given', () => {
    expect(safeNext('http://localhost.invalid/x')).toBeNull();
  });

  it('safeNext() returns null for an unusable origin option', () => {
    expect(safeNext('/x', { origin: 'not a url' })).toBeNull();
    expect(safeNext('/x', { origin: 'data:text/plain,x' })).toBeNull();
  });

  it('safeNext() never throws on random strings and accepts only same-origin paths', () => {
    const alphabet = [
      '/',
      '\\',
      ':',
      '@',
      '.',
      '%09',
      '%2F',
      '%5C',
      '%2e',
      '%',
      '\t',
      '\r',
      '\n',
      ' ',
      '?',
      '#',
      'a',
      'x',
      'evil.com',
      'http',
      'ü',
      '\u4f50',
      '\u0000',
    ];
    // A fixed-seed generator (mulberry32) keeps the run reproducible.
    let seed = 0x2545f491;
    const next = () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let mixed = Math.imul(seed ^ (seed >>> 15), seed | 1);
      mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
      return (mixed ^ (mixed >>> 14)) >>> 0;
    };
    let acceptedCount = 0;
    for (let run = 0; run < 2000; run++) {
      const parts = Array.from({ length: 1 + (next() % 8) }, () => {
        return alphabet[next() % alphabet.length] ?? '';
      });
      // Half the candidates start with a slash so the path checks, not the first one, do the work.
      const candidate = (run % 2 === 0 ? '/' : '') + parts.join('');
      for (const options of [undefined, { origin }]) {
        const result = safeNext(candidate, options);
        if (result === null) continue;
        acceptedCount++;
        expect(new URL(result, origin).origin).toBe(origin);
        expect(result).toMatch(/^\/(?![/\\])/);
      }
    }
    expect(acceptedCount).toBeGreaterThan(200);
  });
});
