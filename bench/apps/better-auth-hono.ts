/**
 * @module The better-auth peer on Hono with better-sqlite3: email and password sign-in
 * (its default scrypt), `getSession` on every page; `BENCH_COOKIE_CACHE=1` turns on its
 * signed session-cookie cache (five minutes).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import {
  announceReady,
  BENCH_USER,
  benchPort,
  exitOnSignal,
  profilePage,
  wantsRemember,
} from './shared/fixture.js';

const port = benchPort();
const file = join(mkdtempSync(join(tmpdir(), 'better-auth-bench-')), 'auth.db');
const database = new Database(file);
database.pragma('journal_mode = WAL');
const cookieCache = process.env.BENCH_COOKIE_CACHE === '1';

const auth = betterAuth({
  database,
  secret: randomBytes(32).toString('hex'),
  baseURL: `http://127.0.0.1:${port}`,
  emailAndPassword: { enabled: true },
  session: cookieCache ? { cookieCache: { enabled: true, maxAge: 300 } } : {},
  // Its limiter would throttle the login storm; Latchkey's apps run without the accounts throttle too.
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
});
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
await auth.api.signUpEmail({
  body: { email: BENCH_USER.email, password: BENCH_USER.password, name: BENCH_USER.name },
});

const app = new Hono();
app.get('/hello', (c) => c.text('hello'));
app.get('/profile', async (c) => {
  const found = await auth.api.getSession({ headers: c.req.raw.headers });
  if (!found) return c.text('login required', 401);
  return c.html(profilePage(found.user.name));
});
app.post('/login', async (c) => {
  const form = await c.req.parseBody();
  const response = await auth.api.signInEmail({
    body: {
      email: String(form.email ?? ''),
      password: String(form.password ?? ''),
      rememberMe: wantsRemember(form.remember),
    },
    headers: c.req.raw.headers,
    asResponse: true,
  });
  if (!response.ok) return c.text('wrong email or password', 401);
  for (const cookie of response.headers.getSetCookie())
    c.header('Set-Cookie', cookie, { append: true });
  return c.redirect('/profile', 302);
});

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => announceReady());
exitOnSignal(() => database.close());
