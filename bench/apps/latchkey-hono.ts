/** @module Latchkey on Hono: the middleware, `loginRequired`, and `auth.login` behind the form. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { latchkey, loginRequired } from '../../src/adapters/hono.js';
import type { RequestAuth } from '../../src/core/request-auth.js';
import { announceReady, benchPort, exitOnSignal, profilePage } from './shared/fixture.js';
import { attemptLogin, type BenchUser, latchkeyStack } from './shared/latchkey-stack.js';

const { manager, seeding, close } = await latchkeyStack();
const app = new Hono();
app.use(latchkey(manager));
app.get('/hello', (c) => c.text('hello'));
app.get('/profile', loginRequired(), (c) => c.html(profilePage((c.get('user') as BenchUser).name)));
app.post('/login', async (c) => {
  const auth = c.get('auth') as RequestAuth<BenchUser>;
  if (!(await attemptLogin(auth, await c.req.parseBody()))) {
    return c.text('wrong email or password', 401);
  }
  return c.redirect('/profile', 302);
});

serve({ fetch: app.fetch, port: benchPort(), hostname: '127.0.0.1' }, () => announceReady(seeding));
exitOnSignal(close);
