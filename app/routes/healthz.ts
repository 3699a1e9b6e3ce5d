/** @module The health check: `200` when the database answers, `503` when it does not. */
import type { Hono } from 'hono';
import type { AppDeps } from '../context.js';
import { databaseAnswers } from '../database.js';

/** How long the database may take to answer before the app counts as unhealthy. */
const TIMEOUT_MS = 2_000;

/** `GET /healthz`. */
export function healthzRoutes(app: Hono, { db }: Pick<AppDeps, 'db'>): void {
  app.get('/healthz', async (c) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), TIMEOUT_MS);
    });
    const healthy = await Promise.race([databaseAnswers(db), timeout]);
    clearTimeout(timer);
    return healthy
      ? c.json({ status: 'ok', database: 'ok' }, 200)
      : c.json({ status: 'unavailable', database: 'unavailable' }, 503);
  });
}
