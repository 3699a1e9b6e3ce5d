/** @module Latchkey on Fastify: the plugin, `loginRequired`, and `auth.login` behind the form. */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { latchkey, loginRequired } from '../../src/adapters/fastify.js';
import type { RequestAuth } from '../../src/core/request-auth.js';
import { announceReady, benchPort, exitOnSignal, profilePage } from './shared/fixture.js';
import { attemptLogin, type BenchUser, latchkeyStack } from './shared/latchkey-stack.js';

const { manager, seeding, close } = await latchkeyStack();
const app = Fastify();
await app.register(formbody);
await app.register(latchkey(manager));
app.get('/hello', async (_request, reply) => reply.type('text/plain').send('hello'));
app.get('/profile', { preHandler: loginRequired() }, async (request, reply) =>
  reply.type('text/html; charset=utf-8').send(profilePage((request.user as BenchUser).name)),
);
app.post('/login', async (request, reply) => {
  const auth = request.auth as RequestAuth<BenchUser>;
  const form = (request.body ?? {}) as Record<string, unknown>;
  if (!(await attemptLogin(auth, form))) {
    return reply.code(401).type('text/plain').send('wrong email or password');
  }
  return reply.redirect('/profile', 302);
});

await app.listen({ port: benchPort(), host: '127.0.0.1' });
announceReady(seeding);
exitOnSignal(async () => {
  await app.close();
  await close();
});
