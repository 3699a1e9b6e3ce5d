/** @module The Hono floor: a bare app checking a synchronously signed cookie; no session store. */
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
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
if (process.env.BENCH_FLOOR_MIDDLEWARE === '1') {
  // The same check shaped like Latchkey's: an app-wide middleware, then a guard middleware that
  // sets the user, then the handler. What Hono's middleware chain costs by itself.
  app.use(async (c, next) => {
    c.set('checked' as never, true as never);
    await next();
  });
  const guard: MiddlewareHandler = async (c, next) => {
    const userId = verifyUserId(getCookie(c, FLOOR_COOKIE));
    if (userId !== BENCH_USER.id) return c.text('login required', 401);
    c.set('user' as never, BENCH_USER as never);
    await next();
  };
  app.get('/profile', guard, (c) =>
    c.html(profilePage((c.get('user' as never) as { name: string }).name)),
  );
} else {
  app.get('/profile', (c) => {
    const userId = verifyUserId(getCookie(c, FLOOR_COOKIE));
    if (userId !== BENCH_USER.id) return c.text('login required', 401);
    return c.html(profilePage(BENCH_USER.name));
  });
}
app.post('/login', async (c) => {
  const form = await c.req.parseBody();
  const userId = await checkLogin(form.email, form.password);
  if (userId === null) return c.text('wrong email or password', 401);
  c.header('Set-Cookie', floorSetCookie(userId, wantsRemember(form.remember)));
  return c.redirect('/profile', 302);
});

serve({ fetch: app.fetch, port: benchPort(), hostname: '127.0.0.1' }, () => announceReady());
exitOnSignal();
