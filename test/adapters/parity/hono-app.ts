/** @module The parity routes on Hono, reached through `app.request()`. */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { freshLoginRequired, latchkey, loginRequired } from '../../../src/adapters/hono.js';
import type { TurnedAway } from '../../../src/core/guard-decision.js';
import type { RequestAuth } from '../../../src/core/request-auth.js';
import type { TestUser } from '../../support/users.js';
import {
  customAnswer,
  flip,
  loginRoute,
  type Mount,
  onlyNotch,
  STREAM_CHUNKS,
  whoamiBody,
} from './parity-app.js';

const custom = (c: { text: (t: string, s: 401 | 403) => Response }, outcome: TurnedAway) => {
  const { status, text } = customAnswer(outcome);
  return c.text(text, status);
};

export const mountHono: Mount = async (manager, users, options) => {
  const app = new Hono();
  app.use(latchkey(manager, options.customForbidden ? { onForbidden: custom } : {}));
  const authOf = (c: { var: { auth: unknown } }) => c.var.auth as RequestAuth<TestUser>;
  app.get('/login/:id', async (c) => {
    const { status, body } = await loginRoute(authOf(c), users, c.req.param('id'), c.req.query());
    return c.json(body, status);
  });
  app.get('/logout', async (c) => {
    await authOf(c).logout();
    return c.text('bye');
  });
  app.get('/confirm', async (c) => {
    await authOf(c).confirmLogin();
    return c.text('confirmed');
  });
  app.get('/whoami', async (c) => c.json(await whoamiBody(authOf(c))));
  app.get('/secret', loginRequired(), (c) => c.text(`secret for ${(c.var.user as TestUser).name}`));
  app.get('/sudo', freshLoginRequired(), (c) => c.text('sudo'));
  app.get('/admin', loginRequired({ authorize: onlyNotch }), (c) => c.text('admin'));
  app.get('/custom', loginRequired({ onUnauthorized: custom }), (c) => c.text('custom ok'));
  app.get('/flip', async (c) => {
    await flip(authOf(c));
    return c.text('flipped');
  });
  app.get('/stream', async (c) => {
    await loginRoute(authOf(c), users, '1', {});
    return stream(c, async (s) => {
      for (const chunk of STREAM_CHUNKS) await s.write(chunk);
    });
  });
  app.get('/go', async (c) => {
    await loginRoute(authOf(c), users, '1', {});
    return c.redirect('/whoami');
  });
  return { fetch: async (path, init) => app.request(path, init), close: async () => {} };
};
