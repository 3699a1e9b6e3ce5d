/**
 * The reference app as the external scanners see it: a throwaway SQLite database, the dev
 * outbox, and (with SCAN_CLOCK_SPEED) a clock that runs fast, so throttle windows pass in
 * seconds and a scanner's thousandth probe still reaches the code instead of a 429.
 * Prints `ready <url>` once listening; stops on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../app/server.js';

const speed = Number(process.env.SCAN_CLOCK_SPEED ?? '1');
const started = Date.now();
const clock = () => started + (Date.now() - started) * speed;
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-scan-'));

const app = await startApp({
  env: {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: process.env.PORT ?? '0',
    DATABASE_URL: `sqlite:${join(dataDir, 'app.db')}`,
    SECRET_KEY: 'scan-only-secret-key-0123456789abcdefghijklmnop',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  },
  clock,
});
console.log(`ready ${app.url}`);

const stop = () => {
  app.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
