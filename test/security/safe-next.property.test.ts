/**
 * `next` against every known open-redirect trick: a corpus of bypasses (backslashes, encoded and
 * double-encoded slashes, tabs and newlines, userinfo, protocol-relative URLs, scheme variants,
 * IDN and unicode look-alikes, dot segments), random values built from the same pieces, and the
 * corpus through the app's own login redirect.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../src/http/safe-next.js';
import { bypassesFor, CORPUS_ORIGIN, OPEN_REDIRECT_BYPASSES } from './corpus/open-redirects.js';
import { anyString, PROPERTY_TIMEOUT_MS, runs } from './support/fuzz.js';
import {
  type Client,
  GOOD_PASSWORD,
  register,
  type SecurityApp,
  startSecurityApp,
} from './support/security-app.js';

const origin = CORPUS_ORIGIN;

/** Where a browser goes when it follows `Location: target` from a page on `origin`. */
function browserDestination(target: string, from: string): URL {
  return new URL(target, from);
}

/** True when `path`, decoded up to three times (as a careless server might), still stays home. */
function staysHomeWhenDecoded(path: string, from: string): boolean {
  let current = path;
  for (let round = 0; round < 3; round++) {
    const url = browserDestination(current, from);
    if (url.origin !== new URL(from).origin || /^[/\\]{2}/.test(url.pathname)) return false;
    try {
      current = decodeURIComponent(current);
    } catch {
      return true;
    }
  }
  return true;
}

/** Values built from the pieces bypasses are made of. */
const piece = fc.constantFrom(
  '/',
  '//',
  '\\',
  '%2F',
  '%2f',
  '%5C',
  '%252F',
  '%25252F',
  '%2e',
  '%2e%2e',
  '..',
  '.',
  '@',
  ':',
  '#',
  '?',
  '%09',
  '%0A',
  '%0D',
  '\t',
  '\n',
  ' ',
  '%20',
  'http:',
  'https:',
  'javascript:',
  'evil.example',
  'app.test',
  '\u3002',
  '\uff0f',
  '\u2215',
  '\u200b',
  'xn--80ak6aa92e.com',
  'a',
  '%00',
  '%',
  '%E3%80%82',
  '\u0430',
);
/** Paths a page of the app could have: segments of unreserved characters, never `.` or `..`. */
const ordinaryPath = fc
  .array(fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,15}$/), { maxLength: 5 })
  .map((segments) => `/${segments.join('/')}`);
const crafted = fc.array(piece, { minLength: 1, maxLength: 10 }).map((parts) => parts.join(''));

describe('the open-redirect corpus', () => {
  it('holds at least 38 bypasses of every kind the issue names', () => {
    expect(OPEN_REDIRECT_BYPASSES.length).toBeGreaterThanOrEqual(38);
    const kinds = new Set(OPEN_REDIRECT_BYPASSES.map((bypass) => bypass.kind));
    for (const kind of [
      'backslash',
      'encoded slash',
      'double-encoded',
      'whitespace',
      'userinfo',
      'protocol-relative',
      'scheme',
      'look-alike',
    ] as const) {
      expect(kinds.has(kind), kind).toBe(true);
    }
  });

  it.each(OPEN_REDIRECT_BYPASSES.map((bypass) => [bypass.kind, bypass.value]))(
    'safeNext() refuses the %s bypass %j',
    (_kind, value) => {
      expect(safeNext(value, { origin })).toBeNull();
      expect(safeNext(value)).toBeNull();
    },
  );
});

describe('safeNext properties', () => {
  it('whatever the value, the answer is null or a path that keeps a browser on this origin', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(crafted, anyString(80), fc.webUrl(), fc.webPath()), (value) => {
        const result = safeNext(value, { origin });
        if (result === null) return;
        accepted += 1;
        if (!/^\/(?![/\\])/.test(result)) throw new Error(`${value} gave ${result}`);
        if (!staysHomeWhenDecoded(result, origin)) throw new Error(`${value} gave ${result}`);
      }),
      { numRuns: runs(10_000) },
    );
    expect(accepted).toBeGreaterThan(500);
  });

  it('is idempotent: an accepted path is accepted again unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(crafted, fc.webPath()), (value) => {
        const once = safeNext(value, { origin });
        if (once !== null && safeNext(once, { origin }) !== once) throw new Error(value);
      }),
      { numRuns: runs(5_000) },
    );
    expect(safeNext('/a/../b', { origin })).toBe('/b');
  });

  it('accepts every ordinary same-origin path with its query', () => {
    fc.assert(
      fc.property(
        ordinaryPath,
        fc.stringMatching(/^([a-z]{1,8}=[A-Za-z0-9]{0,12}&?){0,4}$/),
        (path, query) => {
          const value = `${path}${query ? `?${query}` : ''}`;
          const result = safeNext(value, { origin });
          expect(result).not.toBeNull();
          expect(browserDestination(result ?? '', origin).origin).toBe(origin);
        },
      ),
      { numRuns: runs(2_000) },
    );
  });
});

describe('the login redirect', () => {
  let app: SecurityApp;
  let client: Client;
  beforeAll(async () => {
    app = await startSecurityApp();
    client = app.client();
    await register(client, 'next@example.com', 'nexter');
  });
  afterAll(() => app.close());

  it(
    'sends a browser home, never off-site, for every bypass in the corpus',
    async () => {
      const home = app.running.publicUrl;
      for (const { value } of bypassesFor(home)) {
        const browser = app.client();
        const csrf_token = await browser.csrfToken();
        const body = new URLSearchParams({
          csrf_token,
          email: 'next@example.com',
          password: GOOD_PASSWORD,
        });
        const reply = await browser.postRaw(
          `/auth/login?next=${encodeURIComponent(value)}`,
          body.toString(),
        );
        expect(reply.status, value).toBe(302);
        const target = reply.location ?? '';
        expect(browserDestination(target, home).origin, value).toBe(new URL(home).origin);
        expect(target, value).toMatch(/^\/(?![/\\])/);
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});
