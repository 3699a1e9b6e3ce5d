/** @module The Express floor: a bare app checking a synchronously signed cookie; no session store. */
import { parse } from 'cookie';
import express from 'express';
import {
  announceReady,
  BENCH_USER,
  benchPort,
  exitOnSignal,
  profilePage,
  wantsRemember,
} from './shared/fixture.js';
import { checkLogin, FLOOR_COOKIE, floorSetCookie, verifyUserId } from './shared/floor-cookie.js';

const app = express();
app.get('/hello', (_req, res) => {
  res.type('text').send('hello');
});
if (process.env.BENCH_FLOOR_MIDDLEWARE === '1') {
  // The same check shaped like Latchkey's: an app-wide middleware, then a guard middleware that
  // sets the user, then the handler. What two more router layers cost Express by itself.
  app.use((req, _res, next) => {
    (req as { checked?: boolean }).checked = true;
    next();
  });
  const guard: express.RequestHandler = (req, res, next) => {
    const userId = verifyUserId(parse(req.headers.cookie ?? '')[FLOOR_COOKIE]);
    if (userId !== BENCH_USER.id) {
      res.status(401).type('text').send('login required');
      return;
    }
    res.locals.user = BENCH_USER;
    next();
  };
  app.get('/profile', guard, (_req, res) => {
    res.type('html').send(profilePage((res.locals.user as { name: string }).name));
  });
} else {
  app.get('/profile', (req, res) => {
    const userId = verifyUserId(parse(req.headers.cookie ?? '')[FLOOR_COOKIE]);
    if (userId !== BENCH_USER.id) {
      res.status(401).type('text').send('login required');
      return;
    }
    res.type('html').send(profilePage(BENCH_USER.name));
  });
}
app.post('/login', express.urlencoded({ extended: false }), async (req, res) => {
  const form = req.body as Record<string, unknown>;
  const userId = await checkLogin(form.email, form.password);
  if (userId === null) {
    res.status(401).type('text').send('wrong email or password');
    return;
  }
  res.setHeader('Set-Cookie', floorSetCookie(userId, wantsRemember(form.remember)));
  res.redirect(302, '/profile');
});

app.listen(benchPort(), '127.0.0.1', () => announceReady());
exitOnSignal();
