/** @module The Fastify floor: a bare app checking a synchronously signed cookie; no session store. */
import formbody from '@fastify/formbody';
import { parse } from 'cookie';
import Fastify from 'fastify';
import {
  announceReady,
  BENCH_USER,
  benchPort,
  exitOnSignal,
  profilePage,
  wantsRemember,
} from './shared/fixture.js';
import { checkLogin, FLOOR_COOKIE, floorSetCookie, verifyUserId } from './shared/floor-cookie.js';

const app = Fastify();
await app.register(formbody);
app.get('/hello', async (_request, reply) => reply.type('text/plain').send('hello'));
app.get('/profile', async (request, reply) => {
  const userId = verifyUserId(parse(request.headers.cookie ?? '')[FLOOR_COOKIE]);
  if (userId !== BENCH_USER.id) return reply.code(401).type('text/plain').send('login required');
  return reply.type('text/html; charset=utf-8').send(profilePage(BENCH_USER.name));
});
app.post('/login', async (request, reply) => {
  const form = (request.body ?? {}) as Record<string, unknown>;
  const userId = await checkLogin(form.email, form.password);
  if (userId === null) return reply.code(401).type('text/plain').send('wrong email or password');
  reply.header('set-cookie', floorSetCookie(userId, wantsRemember(form.remember)));
  return reply.redirect('/profile', 302);
});

await app.listen({ port: benchPort(), host: '127.0.0.1' });
announceReady();
exitOnSignal(() => app.close());
