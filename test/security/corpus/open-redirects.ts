/**
 * @module Known open-redirect bypasses, as collected from public write-ups and scanner payload
 * lists, each aimed at `evil.example` from an app at {@link CORPUS_ORIGIN}. A `next` value must
 * never send a browser to any of them.
 */

/** The app's origin the corpus is written against. */
export const CORPUS_ORIGIN = 'http://app.test';

/** One bypass: what it tries and the raw value sent as `next`. */
export interface Bypass {
  readonly kind:
    | 'backslash'
    | 'encoded slash'
    | 'double-encoded'
    | 'whitespace'
    | 'userinfo'
    | 'protocol-relative'
    | 'scheme'
    | 'look-alike'
    | 'dot segments'
    | 'control'
    | 'other host';
  readonly value: string;
}

/** Rewrites the corpus for another origin (the app under test listens on a random port). */
export function bypassesFor(origin: string): Bypass[] {
  const host = new URL(origin).host;
  return OPEN_REDIRECT_BYPASSES.map(({ kind, value }) => ({
    kind,
    value: value.replaceAll('app.test', host),
  }));
}

export const OPEN_REDIRECT_BYPASSES: readonly Bypass[] = [
  { kind: 'backslash', value: '\\\\evil.example' },
  { kind: 'backslash', value: '/\\evil.example' },
  { kind: 'backslash', value: '\\/evil.example' },
  { kind: 'backslash', value: '/\\/evil.example' },
  { kind: 'backslash', value: '/.\\evil.example' },
  { kind: 'backslash', value: 'https:\\\\evil.example' },
  { kind: 'backslash', value: 'http://app.test\\@evil.example/' },
  { kind: 'encoded slash', value: '/%2F/evil.example' },
  { kind: 'encoded slash', value: '/%2f%2fevil.example' },
  { kind: 'encoded slash', value: '%2F%2Fevil.example' },
  { kind: 'encoded slash', value: '/%5Cevil.example' },
  { kind: 'encoded slash', value: '%5C%5Cevil.example' },
  { kind: 'encoded slash', value: 'http://app.test/%2F%2Fevil.example' },
  { kind: 'double-encoded', value: '/%252F%252Fevil.example' },
  { kind: 'double-encoded', value: '/%255Cevil.example' },
  { kind: 'double-encoded', value: '/%25252F%25252Fevil.example' },
  { kind: 'double-encoded', value: '/%252e%252e//evil.example' },
  { kind: 'whitespace', value: '/\t/evil.example' },
  { kind: 'whitespace', value: '/\n/evil.example' },
  { kind: 'whitespace', value: '/\r/evil.example' },
  { kind: 'whitespace', value: '/%09/evil.example' },
  { kind: 'whitespace', value: '/%0A/evil.example' },
  { kind: 'whitespace', value: '/%0D%0A/evil.example' },
  { kind: 'whitespace', value: ' //evil.example' },
  { kind: 'whitespace', value: '\t//evil.example' },
  { kind: 'whitespace', value: '//\tevil.example' },
  { kind: 'whitespace', value: 'java\tscript:alert(1)' },
  { kind: 'userinfo', value: '//app.test@evil.example' },
  { kind: 'userinfo', value: 'http://app.test@evil.example' },
  { kind: 'userinfo', value: 'http://app.test:80@evil.example/' },
  { kind: 'userinfo', value: 'http://user:pass@app.test/x' },
  { kind: 'userinfo', value: '//evil.example\\@app.test' },
  { kind: 'userinfo', value: 'http://evil.example#@app.test/' },
  { kind: 'protocol-relative', value: '//evil.example' },
  { kind: 'protocol-relative', value: '///evil.example' },
  { kind: 'protocol-relative', value: '////evil.example/' },
  { kind: 'protocol-relative', value: '//evil.example/%2F..' },
  { kind: 'scheme', value: 'https://evil.example' },
  { kind: 'scheme', value: 'HTTP://evil.example' },
  { kind: 'scheme', value: 'http:evil.example' },
  { kind: 'scheme', value: 'http:/evil.example' },
  { kind: 'scheme', value: 'https://app.test/x' },
  { kind: 'scheme', value: 'ftp://evil.example' },
  { kind: 'scheme', value: 'javascript:alert(1)' },
  { kind: 'scheme', value: 'JaVaScRiPt:alert(document.domain)' },
  { kind: 'scheme', value: 'vbscript:msgbox(1)' },
  { kind: 'scheme', value: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
  { kind: 'look-alike', value: '//evil\u3002example' },
  { kind: 'look-alike', value: '//\uff45\uff56\uff49\uff4c.example' },
  { kind: 'look-alike', value: '/\uff0f\uff0fevil.example' },
  { kind: 'look-alike', value: '/\u2215\u2215evil.example' },
  { kind: 'look-alike', value: '/\u2044evil.example' },
  { kind: 'look-alike', value: '/\u200b/evil.example' },
  { kind: 'look-alike', value: '//xn--80ak6aa92e.com' },
  { kind: 'look-alike', value: 'http://\u0430pp.test/x' },
  { kind: 'look-alike', value: 'http://app.test\u3002evil.example/' },
  { kind: 'look-alike', value: '//evil%E3%80%82example' },
  { kind: 'dot segments', value: '/..//evil.example' },
  { kind: 'dot segments', value: '/./\\evil.example' },
  { kind: 'dot segments', value: '/%2e%2e/%2fevil.example' },
  { kind: 'dot segments', value: '/a/../..//evil.example' },
  { kind: 'control', value: '\u0000//evil.example' },
  { kind: 'control', value: '/\u0000/evil.example' },
  { kind: 'control', value: '/%0d%0aLocation:%20http://evil.example' },
  { kind: 'control', value: '/x\r\nLocation: http://evil.example' },
  { kind: 'other host', value: 'http://app.test.evil.example/' },
  { kind: 'other host', value: 'http://evil.example%23.app.test/' },
  { kind: 'other host', value: 'http://app.test:8080/x' },
];
