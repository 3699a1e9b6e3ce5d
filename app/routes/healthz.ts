/** @module The health check: `200` when the database (and Redis, when set) answer, `503` otherwise. */
import type { Hono } from 'hono';
import type { AppDeps } from '../context.js';
import { databaseAnswers } from '../database.js';

/** How long the database may take to answer before the app counts as unhealthy. */
const TIMEOUT_MS = 2_000;

/** `GET /healthz`. */
export function healthzRoutes(app: Hono, { db, redis }: Pick<AppDeps, 'db' | 'redis'>): void {
  app.get('/healthz', async (c) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), TIMEOUT_MS);
    });
    const [database, cache] = await Promise.all([
      Promise.race([databaseAnswers(db), timeout]),
      redis ? redis.answers() : null,
    ]);
    clearTimeout(timer);
    const healthy = database && cache !== false;
    const word = (ok: boolean) => (ok ? 'ok' : 'unavailable');
    return c.json(
      {
        status: healthy ? 'ok' : 'unavailable',
        database: word(database),
        ...(cache === null ? {} : { redis: word(cache) }),
      },
      healthy ? 200 : 503,
    );
  });
}
