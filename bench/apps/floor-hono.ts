/** @module The Hono floor: a bare app checking a synchronously signed cookie; no session store. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  announceReady,
  BENCH_USER,
  benchPort,
  exitOnSignal,
  profilePage,
  wantsRemember,
} from './shared/fixture.js';
import { checkLogin, FLOOR_COOKIE, floorSetCookie, verifyUserId } from './shared/floor-cookie.js';

const app = new Hono();
app.get('/hello', (c) => c.text('hello'));
app.get('/profile', (c) => {
  const userId = verifyUserId(getCookie(c, FLOOR_COOKIE));
  if (userId !== BENCH_USER.id) return c.text('login required', 401);
  return c.html(profilePage(BENCH_USER.name));
});
app.post('/login', async (c) => {
  const form = await c.req.parseBody();
  const userId = await checkLogin(form.email, form.password);
  if (userId === null) return c.text('wrong email or password', 401);
  c.header('Set-Cookie', floorSetCookie(userId, wantsRemember(form.remember)));
  return c.redirect('/profile', 302);
});

serve({ fetch: app.fetch, port: benchPort(), hostname: '127.0.0.1' }, () => announceReady());
exitOnSignal();
