/**
 * @module The Passport peer: Express + express-session + passport-local, bcrypt (cost 10) for
 * passwords; sessions in express-session's MemoryStore, or Redis through connect-redis
 * (`BENCH_STORE=redis`, a key prefix of its own, removed on exit).
 */
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { createClient } from 'redis';
import {
  announceReady,
  BENCH_USER,
  benchPort,
  exitOnSignal,
  profilePage,
  wantsRemember,
} from './shared/fixture.js';

interface PassportUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
}

const BCRYPT_COST = 10;
const user: PassportUser = {
  ...BENCH_USER,
  passwordHash: await bcrypt.hash(BENCH_USER.password, BCRYPT_COST),
};

passport.use(
  new LocalStrategy({ usernameField: 'email' }, (email, password, done) => {
    bcrypt
      .compare(password, user.passwordHash)
      .then((ok) => done(null, ok && email === user.email ? user : false), done);
  }),
);
passport.serializeUser((found, done) => done(null, (found as PassportUser).id));
passport.deserializeUser((id, done) => done(null, id === user.id ? user : false));

async function sessionStore(): Promise<{ store?: session.Store; close: () => Promise<void> }> {
  if (process.env.BENCH_STORE !== 'redis') return { close: async () => {} };
  const url = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!url) throw new Error('BENCH_STORE=redis needs BENCH_REDIS_URL or TEST_REDIS_URL');
  const client = createClient({ url });
  await client.connect();
  const prefix = `latchkey-bench:${randomBytes(6).toString('hex')}:sess:`;
  return {
    store: new RedisStore({ client, prefix }),
    close: async () => {
      // Only this process's own keys: other work shares the server.
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
        if (keys.length > 0) await client.del(keys);
      }
      await client.quit();
    },
  };
}

const { store, close } = await sessionStore();
const app = express();
app.use(
  session({
    secret: randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
    ...(store ? { store } : {}),
  }),
);
app.use(passport.session());
app.get('/hello', (_req, res) => {
  res.type('text').send('hello');
});
app.get('/profile', (req, res) => {
  if (!req.isAuthenticated()) {
    res.status(401).type('text').send('login required');
    return;
  }
  res.type('html').send(profilePage((req.user as PassportUser).name));
});
app.post('/login', express.urlencoded({ extended: false }), (req, res, next) => {
  passport.authenticate('local', (error: unknown, found: PassportUser | false) => {
    if (error) return next(error);
    if (!found) return res.status(401).type('text').send('wrong email or password');
    req.logIn(found, (loginError) => {
      if (loginError) return next(loginError);
      if (wantsRemember((req.body as Record<string, unknown>).remember)) {
        req.session.cookie.maxAge = 30 * 86_400_000;
      }
      res.redirect(302, '/profile');
    });
  })(req, res, next);
});

app.listen(benchPort(), '127.0.0.1', () => announceReady());
exitOnSignal(close);
