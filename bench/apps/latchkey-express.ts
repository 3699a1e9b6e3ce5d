/** @module Latchkey on Express: the middleware, `loginRequired`, and `auth.login` behind the form. */
import express from 'express';
import { latchkey, loginRequired } from '../../src/adapters/express.js';
import type { RequestAuth } from '../../src/core/request-auth.js';
import { announceReady, benchPort, exitOnSignal, profilePage } from './shared/fixture.js';
import { attemptLogin, type BenchUser, latchkeyStack } from './shared/latchkey-stack.js';

const { manager, seeding, close } = await latchkeyStack();
const app = express();
app.use(latchkey(manager));
app.get('/hello', (_req, res) => {
  res.type('text').send('hello');
});
app.get('/profile', loginRequired(), (_req, res) => {
  res.type('html').send(profilePage((res.locals.user as BenchUser).name));
});
app.post('/login', express.urlencoded({ extended: false }), async (req, res) => {
  const auth = req.auth as RequestAuth<BenchUser>;
  if (!(await attemptLogin(auth, req.body as Record<string, unknown>))) {
    res.status(401).type('text').send('wrong email or password');
    return;
  }
  res.redirect(302, '/profile');
});

app.listen(benchPort(), '127.0.0.1', () => announceReady(seeding));
exitOnSignal(close);
