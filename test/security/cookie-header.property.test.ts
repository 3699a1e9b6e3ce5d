/**
 * Property tests of the Cookie header parser and of hostile Cookie headers through the whole
 * request path: no input throws, values stay within their limits, a value written by
 * `serializeCookie` reads back unchanged, and no header causes a 5xx or logs anyone in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_COOKIE_VALUE_LENGTH,
  parseCookieHeader,
  serializeCookie,
} from '../../src/http/cookies.js';
import { createHarness } from '../support/harness.js';
import { anyString, headerValue, mutate, PROPERTY_TIMEOUT_MS, runs } from './support/fuzz.js';

const cookieName = fc.stringMatching(/^[A-Za-z0-9_!#$&'*+.^`|~-]{1,20}$/);
const NAMES = ['session', 'remember_token', 'csrf', 'flash', 'next', '__proto__', 'constructor'];

/** A Cookie header assembled from pieces an attacker would try. */
const hostileHeader = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom(...NAMES), headerValue(80)).map(([n, v]) => `${n}=${v}`),
      fc.tuple(cookieName, headerValue(40)).map(([n, v]) => `${n}=${v}`),
      fc.constantFrom('=', ';', '"', '%', '%zz', '%E0%A4%A', '""', '=;=', ' ; '),
      fc
        .tuple(fc.integer({ min: 4097, max: 6000 }), fc.constantFrom('a', '%', '"'))
        .map(([length, filler]) => `session=${filler.repeat(length)}`),
      headerValue(120),
    ),
    { maxLength: 12 },
  )
  .chain((parts) => fc.constantFrom('; ', ';', ',').map((sep) => parts.join(sep)));

describe('parseCookieHeader', () => {
  it('finds the cookies of an ordinary header (so the properties below see real parses)', () => {
    expect([...parseCookieHeader('session=abc; theme=dark')]).toEqual([
      ['session', 'abc'],
      ['theme', 'dark'],
    ]);
  });

  it('never throws on any string and returns only named values within the length limit', () => {
    let found = 0;
    fc.assert(
      fc.property(fc.oneof(anyString(400), hostileHeader), (header) => {
        found += parseCookieHeader(header).size;
        for (const [name, value] of parseCookieHeader(header)) {
          if (name === '' || typeof value !== 'string' || value.length > MAX_COOKIE_VALUE_LENGTH) {
            throw new Error(`bad cookie ${JSON.stringify(name)}=${JSON.stringify(value)}`);
          }
        }
      }),
      { numRuns: runs(5_000) },
    );
    expect(found).toBeGreaterThan(1_000);
  });

  it('reads back any value serializeCookie wrote, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        cookieName,
        fc.string({ unit: 'grapheme', maxLength: 100 }),
        hostileHeader,
        (name, value, noise) => {
          const pair = serializeCookie(name, value, { path: '/' }).split(';')[0];
          // The first occurrence of a name wins, so the written pair goes first.
          expect(parseCookieHeader(`${pair}; ${noise}`).get(name)).toBe(value);
        },
      ),
      { numRuns: runs(3_000) },
    );
  });

  it('lets the first occurrence of a name win against any later one', () => {
    fc.assert(
      fc.property(
        cookieName,
        fc.stringMatching(/^[A-Za-z0-9]{1,30}$/),
        headerValue(60),
        (name, first, later) => {
          expect(parseCookieHeader(`${name}=${first}; ${name}=${later}`).get(name)).toBe(first);
        },
      ),
      { numRuns: runs(2_000) },
    );
  });
});

describe('hostile Cookie headers through the request path', () => {
  it(
    'never cause a 5xx on an open or a guarded route, and never log anyone in',
    async () => {
      const h = createHarness({ protection: 'strong' });
      await fc.assert(
        fc.asyncProperty(hostileHeader, async (cookie) => {
          const open = await h.app.request('/whoami', { headers: { cookie } });
          const guarded = await h.app.request('/secret', { headers: { cookie } });
          expect(open.status).toBe(200);
          expect(await open.json()).toMatchObject({ name: null });
          expect(guarded.status).toBe(401);
        }),
        { numRuns: runs(1_000) },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a real session cookie with any one character changed logs no one in',
    async () => {
      const h = createHarness();
      const client = h.client();
      await client.get('/login/1');
      const session = client.cookies.get('session')?.value ?? '';
      expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), async (at, by) => {
          const cookie = `session=${mutate(session, at, by)}`;
          const reply = await h.app.request('/whoami', { headers: { cookie } });
          expect(await reply.json()).toMatchObject({ name: null });
        }),
        { numRuns: runs(1_000) },
      );
      // The unchanged cookie still works, so the refusals above were about the change.
      const reply = await h.app.request('/whoami', { headers: { cookie: `session=${session}` } });
      expect(await reply.json()).toMatchObject({ name: 'Notch' });
    },
    PROPERTY_TIMEOUT_MS,
  );
});
