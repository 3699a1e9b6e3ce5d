/** @module The parity routes on Fastify, reached through `inject()`. */
import { Readable } from 'node:stream';
import Fastify, { type FastifyReply } from 'fastify';
import {
  freshLoginRequired,
  latchkey,
  loginRequired,
  permissionRequired,
  roleRequired,
} from '../../../src/adapters/fastify.js';
import type { TurnedAway } from '../../../src/core/guards.js';
import type { RequestAuth } from '../../../src/core/request-auth.js';
import type { TestUser } from '../../support/users.js';
import { injectFetch } from './inject-fetch.js';
import {
  access,
  customAnswer,
  loginRoute,
  type Mount,
  onlyNotch,
  plainRoutes,
  STREAM_CHUNKS,
} from './parity-app.js';

const custom = (_request: unknown, reply: FastifyReply, outcome: TurnedAway) => {
  const { status, text } = customAnswer(outcome);
  return reply.code(status).type('text/plain').send(text);
};

export const mountFastify: Mount = async (manager, users, options) => {
  const app = Fastify();
  await app.register(latchkey(manager, options.customForbidden ? { onForbidden: custom } : {}));
  const authOf = (request: { auth: unknown }) => request.auth as RequestAuth<TestUser>;
  for (const route of plainRoutes(users)) {
    app.get<{ Params: Record<string, string>; Querystring: Record<string, string> }>(
      route.path,
      async (request, reply) => {
        const answer = await route.answer(authOf(request), request.params, request.query);
        if ('json' in answer) return reply.code(answer.status).send(answer.json);
        return reply.code(answer.status).type('text/plain').send(answer.text);
      },
    );
  }
  app.get('/secret', { preHandler: loginRequired() }, async (request) => {
    return `secret for ${(request.user as TestUser).name}`;
  });
  app.get('/sudo', { preHandler: freshLoginRequired() }, async () => 'sudo');
  app.get('/admin', { preHandler: loginRequired({ authorize: onlyNotch }) }, async () => 'admin');
  app.get('/role', { preHandler: roleRequired(access, 'admin') }, async () => 'role');
  app.get('/perm', { preHandler: permissionRequired(access, 'manage') }, async () => 'perm');
  app.get(
    '/role-fresh',
    { preHandler: roleRequired(access, 'admin', { fresh: true }) },
    async () => 'role',
  );
  app.get('/custom', { preHandler: loginRequired({ onUnauthorized: custom }) }, async () => {
    return 'custom ok';
  });
  app.get('/stream', async (request, reply) => {
    await loginRoute(authOf(request), users, '1', {});
    return reply.type('text/plain').send(Readable.from(STREAM_CHUNKS));
  });
  app.get('/go', async (request, reply) => {
    await loginRoute(authOf(request), users, '1', {});
    return reply.redirect('/whoami');
  });
  await app.ready();
  return { fetch: injectFetch(app), close: () => app.close() };
};
