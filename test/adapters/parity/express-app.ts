/** @module The parity routes on Express, behind a real HTTP server on 127.0.0.1, port 0. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import express, { type Request, type Response } from 'express';
import {
  freshLoginRequired,
  latchkey,
  loginRequired,
  permissionRequired,
  roleRequired,
} from '../../../src/adapters/express.js';
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

const custom = (_req: Request, res: Response, outcome: TurnedAway) => {
  const { status, text } = customAnswer(outcome);
  res.status(status).type('text').send(text);
};

export const mountExpress: Mount = async (manager, users, options) => {
  const app = express();
  app.use(latchkey(manager, options.customForbidden ? { onForbidden: custom } : {}));
  const authOf = (req: Request) => req.auth as RequestAuth<TestUser>;
  for (const route of plainRoutes(users)) {
    app.get(route.path, async (req, res) => {
      const answer = await route.answer(authOf(req), req.params, req.query);
      if ('json' in answer) res.status(answer.status).json(answer.json);
      else res.status(answer.status).type('text').send(answer.text);
    });
  }
  app.get('/secret', loginRequired(), (_req, res) => {
    res.type('text').send(`secret for ${(res.locals.user as TestUser).name}`);
  });
  app.get('/sudo', freshLoginRequired(), (_req, res) => {
    res.type('text').send('sudo');
  });
  app.get('/admin', loginRequired({ authorize: onlyNotch }), (_req, res) => {
    res.type('text').send('admin');
  });
  app.get('/role', roleRequired(access, 'admin'), (_req, res) => {
    res.type('text').send('role');
  });
  app.get('/perm', permissionRequired(access, 'manage'), (_req, res) => {
    res.type('text').send('perm');
  });
  app.get('/role-fresh', roleRequired(access, 'admin', { fresh: true }), (_req, res) => {
    res.type('text').send('role');
  });
  app.get('/custom', loginRequired({ onUnauthorized: custom }), (_req, res) => {
    res.type('text').send('custom ok');
  });
  app.get('/stream', async (req, res) => {
    await loginRoute(authOf(req), users, '1', {});
    Readable.from(STREAM_CHUNKS).pipe(res);
  });
  app.get('/go', async (req, res) => {
    await loginRoute(authOf(req), users, '1', {});
    res.redirect('/whoami');
  });
  // Node's default 16 KB header limit would answer 431 before Express runs; the
  // malformed-cookie cases send bigger headers to reach the adapter itself.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fetch: (path, init) => fetch(base + path, { ...init, redirect: 'manual' }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};
