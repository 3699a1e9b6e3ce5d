/**
 * The app's form bodies and link tokens as an attacker sends them, through the whole app
 * (`app.request`, or a real socket with `FUZZ_TARGET=http`): repeated fields, array and object
 * notations, prototype keys, bad and odd percent-encodings, other content types and huge bodies,
 * with and without a valid CSRF token, anonymous and logged in. Never a 5xx, never a throw.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_BODY_LIMIT } from '../../app/http/form-body.js';
import { anyString, OVER_HTTP, PROPERTY_TIMEOUT_MS, runs } from './support/fuzz.js';
import {
  type Client,
  GOOD_PASSWORD,
  register,
  type SecurityApp,
  startSecurityApp,
} from './support/security-app.js';

const ANONYMOUS_ROUTES = ['/auth/register', '/auth/login', '/auth/reset', '/auth/logout'];
const LOGGED_IN_ROUTES = [
  '/auth/reauthenticate',
  '/auth/change-password',
  '/auth/change-email',
  '/auth/confirm/resend',
  '/auth/sessions/revoke-others',
];
const FIELDS = [
  'email',
  'username',
  'password',
  'password2',
  'old_password',
  'remember_me',
  'csrf_token',
];

/** Percent-encodes every byte of a UTF-8 string (what a careful client sends). */
const encodeAll = (value: string) => encodeURIComponent(value).replaceAll('%20', '+');

/** Names as frameworks of every kind write them: arrays, objects, prototype keys. */
const name = fc.oneof(
  fc.constantFrom(...FIELDS),
  fc.constantFrom(...FIELDS).map((field) => `${field}[]`),
  fc.tuple(fc.constantFrom(...FIELDS), fc.nat(3)).map(([field, i]) => `${field}[${i}]`),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '__proto__[admin]',
    'constructor[prototype][x]',
    'toString',
    'hasOwnProperty',
  ),
  fc.constantFrom('email%5B%5D', '%65mail', 'EMAIL', 'email ', 'e%00mail'),
  fc.stringMatching(/^[a-z_.[\]]{1,12}$/),
);

/** Values: plain text, every byte encoded, broken and odd encodings. */
const value = fc.oneof(
  anyString(60).map(encodeAll),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeAll),
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '%FF%FE',
    '%C0%AF',
    '%ED%A0%80',
    '%00',
    '%EF%BB%BF',
    '%u0041',
    '+++',
    '%2B',
    '=',
    '==',
    'a=b=c',
    '%0D%0ASet-Cookie:%20x=y',
    'y',
  ),
  fc.nat(1_100).map((length) => encodeAll('é'.repeat(length))),
);

const pair = fc.oneof(
  fc.tuple(name, value).map(([n, v]) => `${n}=${v}`),
  name,
  fc.constant(''),
  fc.constant('='),
);

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=UTF-8',
  'application/x-www-form-urlencoded; charset=latin1',
  'APPLICATION/X-WWW-FORM-URLENCODED',
  'multipart/form-data; boundary=x',
  'application/json',
  'text/plain',
  '',
];

/** A whole request: route, body, content type, and whether a valid CSRF token goes first. */
function requestOf(routes: readonly string[]) {
  return fc.record({
    route: fc.constantFrom(...routes),
    pairs: fc.array(pair, { maxLength: 20 }),
    separator: fc.constantFrom('&', '&', '&', ';', '&&'),
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constant(CONTENT_TYPES[0] as string) },
      { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    ),
    csrf: fc.constantFrom('valid', 'valid', 'valid', 'twice', 'none'),
  });
}

let app: SecurityApp;
let anonymous: Client;
let member: Client;
let anonymousToken: string;
let memberToken: string;

beforeAll(async () => {
  app = await startSecurityApp();
  const client = () => (OVER_HTTP ? app.httpClient() : app.client());
  anonymous = client();
  member = client();
  await register(anonymous, 'fuzz@example.com', 'fuzzer');
  anonymous = client();
  anonymousToken = await anonymous.csrfToken();
  const login = await member.submit('/auth/login', {
    email: 'fuzz@example.com',
    password: GOOD_PASSWORD,
  });
  expect(login.status).toBe(302);
  memberToken = await member.csrfToken('/auth/logout');
});
afterAll(() => app.close());

async function send(
  client: Client,
  token: string,
  request: {
    route: string;
    pairs: string[];
    separator: string;
    contentType: string;
    csrf: string;
  },
): Promise<number> {
  const csrf = `csrf_token=${token}`;
  const head = request.csrf === 'none' ? [] : request.csrf === 'twice' ? [csrf, csrf] : [csrf];
  const body = [...head, ...request.pairs].join(request.separator);
  const headers: Record<string, string> = request.contentType
    ? { 'content-type': request.contentType }
    : {};
  const reply = await client.request(request.route, { method: 'POST', body, headers });
  return reply.status;
}

describe('form bodies through the app', () => {
  it(
    'no anonymous POST route answers 5xx to any body',
    async () => {
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(requestOf(ANONYMOUS_ROUTES), async (request) => {
          const status = await send(anonymous, anonymousToken, request);
          statuses.add(status);
          if (status >= 500) throw new Error(`${request.route} answered ${status}`);
        }),
        { numRuns: runs(800) },
      );
      // The bodies reached the flows (not only the CSRF check): forms came back refused.
      expect([...statuses]).toEqual(expect.arrayContaining([400, 403, 422]));
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'no logged-in POST route answers 5xx to any body',
    async () => {
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(requestOf(LOGGED_IN_ROUTES), async (request) => {
          const status = await send(member, memberToken, request);
          statuses.add(status);
          if (status >= 500) throw new Error(`${request.route} answered ${status}`);
        }),
        { numRuns: runs(500) },
      );
      expect([...statuses].some((status) => status === 302 || status === 200)).toBe(true);
      // The member is still logged in: nothing above broke the session.
      expect((await member.get('/auth/sessions')).status).toBe(200);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a body over 64 KiB gets 413, declared or not, whatever it holds',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: FORM_BODY_LIMIT + 1, max: 4 * FORM_BODY_LIMIT }),
          fc.constantFrom('a', '%41', '&a=', '=', 'é'),
          fc.constantFrom(...ANONYMOUS_ROUTES),
          async (size, filler, route) => {
            const body = `csrf_token=${anonymousToken}&email=${filler.repeat(Math.ceil(size / filler.length))}`;
            const reply = await anonymous.postRaw(route, body);
            if (reply.status !== 413) throw new Error(`${route}: ${reply.status}`);
          },
        ),
        { numRuns: runs(40) },
      );
      expect((await anonymous.get('/healthz')).status).toBe(200);
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('link tokens in paths', () => {
  it(
    'no link route answers 5xx to any token, and none accepts a made-up one',
    async () => {
      const token = fc.oneof(
        fc.stringMatching(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/),
        anyString(100).map((raw) => encodeURIComponent(raw)),
        fc.constantFrom('%', '%zz', '..', '%2e%2e', '%2F', 'a%00b', '%C0%AF', 'x'.repeat(3000)),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/auth/confirm/', '/auth/reset/', '/auth/change-email/'),
          token,
          fc.boolean(),
          async (prefix, value, post) => {
            const reply = post
              ? await anonymous.postRaw(
                  `${prefix}${value}`,
                  `csrf_token=${anonymousToken}&password=${encodeAll(GOOD_PASSWORD)}&password2=${encodeAll(GOOD_PASSWORD)}`,
                )
              : await anonymous.get(`${prefix}${value}`);
            if (reply.status >= 500) throw new Error(`${prefix}${value}: ${reply.status}`);
            if (reply.status === 302 && !post && prefix !== '/auth/reset/') {
              throw new Error(`${prefix}${value} was accepted`);
            }
          },
        ),
        { numRuns: runs(600) },
      );
      expect((await anonymous.get('/auth/confirm/nothing-here')).status).toBeGreaterThanOrEqual(
        400,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
