/** @module The parity routes on Hono, reached through `app.request()`. */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import {
  freshLoginRequired,
  latchkey,
  loginRequired,
  permissionRequired,
  roleRequired,
} from '../../../src/adapters/hono.js';
import type { TurnedAway } from '../../../src/core/guards.js';
import type { RequestAuth } from '../../../src/core/request-auth.js';
import type { TestUser } from '../../support/users.js';
import {
  access,
  customAnswer,
  loginRoute,
  type Mount,
  onlyNotch,
  plainRoutes,
  STREAM_CHUNKS,
} from './parity-app.js';

const custom = (c: { text: (t: string, s: 401 | 403) => Response }, outcome: TurnedAway) => {
  const { status, text } = customAnswer(outcome);
  return c.text(text, status);
};

export const mountHono: Mount = async (manager, users, options) => {
  const app = new Hono();
  app.use(latchkey(manager, options.customForbidden ? { onForbidden: custom } : {}));
  const authOf = (c: { var: { auth: unknown } }) => c.var.auth as RequestAuth<TestUser>;
  for (const route of plainRoutes(users)) {
    app.get(route.path, async (c) => {
      const answer = await route.answer(authOf(c), c.req.param(), c.req.query());
      if ('json' in answer) return c.json(answer.json, answer.status);
      return c.text(answer.text, answer.status);
    });
  }
  app.get('/secret', loginRequired(), (c) => c.text(`secret for ${(c.var.user as TestUser).name}`));
  app.get('/sudo', freshLoginRequired(), (c) => c.text('sudo'));
  app.get('/admin', loginRequired({ authorize: onlyNotch }), (c) => c.text('admin'));
  app.get('/role', roleRequired(access, 'admin'), (c) => c.text('role'));
  app.get('/perm', permissionRequired(access, 'manage'), (c) => c.text('perm'));
  app.get('/role-fresh', roleRequired(access, 'admin', { fresh: true }), (c) => c.text('role'));
  app.get('/custom', loginRequired({ onUnauthorized: custom }), (c) => c.text('custom ok'));
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
