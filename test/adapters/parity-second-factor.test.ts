/**
 * The second factor through every adapter, with identical expectations: a pending login is no
 * login (guards answer 401, nothing fresh, no session cookie), a right code makes a fresh
 * login with a new session id carrying next and remember-me, a wrong one keeps it pending,
 * five minutes end it, and its cookie is used once.
 */
import { describe, expect, it } from 'vitest';
import { isDeletion, setCookieNamed } from '../support/set-cookie.js';
import { mountExpress } from './parity/express-app.js';
import { mountFastify } from './parity/fastify-app.js';
import { mountHono } from './parity/hono-app.js';
import { type Mount, type ParityApp, startParityApp } from './parity/parity-app.js';

const FRAMEWORKS: ReadonlyArray<{ readonly framework: string; readonly mount: Mount }> = [
  { framework: 'Hono', mount: mountHono },
  { framework: 'Express', mount: mountExpress },
  { framework: 'Fastify', mount: mountFastify },
];

const ANONYMOUS = { name: null, fresh: false, remembered: false, source: null };
const JSON_CLIENT = { accept: 'application/json' };

interface Case {
  readonly name: string;
  run(app: ParityApp): Promise<void>;
}

const CASES: readonly Case[] = [
  {
    name: 'pending: no session cookie, anonymous whoami, guarded and fresh-only routes answer 401',
    async run(app) {
      const client = app.client();
      expect(await (await client.get('/password/1')).json()).toEqual({ ok: true });
      expect(setCookieNamed(client.lastSetCookies, 'session')).toBeUndefined();
      expect(setCookieNamed(client.lastSetCookies, 'pending_login')?.attributes).toMatchObject({
        httponly: '',
        'max-age': '300',
      });
      expect(await (await client.get('/whoami')).json()).toEqual(ANONYMOUS);
      for (const path of ['/secret', '/sudo']) {
        const response = await client.get(path, JSON_CLIENT);
        expect(response.status, path).toBe(401);
        expect(await response.json(), path).toEqual({ error: 'login_required' });
      }
    },
  },
  {
    name: 'a right code: a fresh login with a new session id, next and remember-me from the password step',
    async run(app) {
      const client = app.client();
      await client.get('/login/2');
      const before = client.cookies.get('session')?.value;
      await client.get('/password/1?remember=1&next=%2Fsudo');
      const done = await client.get('/second-factor?code=good');
      expect(await done.json()).toEqual({ ok: true, next: '/sudo' });
      expect(done.headers.get('cache-control')).toBe('no-store');
      const session = setCookieNamed(client.lastSetCookies, 'session');
      expect(session?.value).toMatch(/^[\w-]{43}$/);
      expect(session?.value).not.toBe(before);
      expect(setCookieNamed(client.lastSetCookies, 'remember_token')?.value).toMatch(/\./);
      expect(isDeletion(setCookieNamed(client.lastSetCookies, 'pending_login'))).toBe(true);
      expect(await (await client.get('/whoami')).json()).toEqual({
        name: 'Notch',
        fresh: true,
        remembered: false,
        source: 'session',
      });
      expect(await (await client.get('/sudo')).text()).toBe('sudo');
    },
  },
  {
    name: 'a wrong code keeps it pending and logs no one in; a right one then still works',
    async run(app) {
      const client = app.client();
      await client.get('/password/1');
      const wrong = await client.get('/second-factor?code=bad');
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ ok: false, pending: true });
      expect(await (await client.get('/whoami')).json()).toEqual(ANONYMOUS);
      expect((await client.get('/second-factor?code=good')).status).toBe(200);
    },
  },
  {
    name: 'five minutes end the pending login',
    async run(app) {
      const client = app.client();
      await client.get('/password/1');
      app.clock.advance(5 * 60_000);
      expect(await (await client.get('/second-factor?code=good')).json()).toEqual({
        ok: false,
        pending: false,
      });
      expect(await (await client.get('/whoami')).json()).toEqual(ANONYMOUS);
    },
  },
  {
    name: 'the pending cookie works once: a copy replayed after completion logs no one in',
    async run(app) {
      const client = app.client();
      await client.get('/password/1');
      const copy = client.cookieHeader();
      await client.get('/second-factor?code=good');
      const replay = app.client({ cookie: copy });
      expect((await replay.get('/second-factor?code=good')).status).toBe(401);
      expect(await (await replay.get('/whoami')).json()).toEqual(ANONYMOUS);
    },
  },
  {
    name: 'an inactive user gets no pending login',
    async run(app) {
      expect(await (await app.client().get('/password/3')).json()).toEqual({ ok: false });
    },
  },
];

for (const { framework, mount } of FRAMEWORKS) {
  describe(`${framework} adapter, second factor`, () => {
    for (const { name, run } of CASES) {
      it(name, async () => {
        const app = await startParityApp(mount);
        try {
          await run(app);
        } finally {
          await app.close();
        }
      });
    }
  });
}
