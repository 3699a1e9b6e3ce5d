/**
 * @module `npm start`: the reference app on the environment's configuration, closed gracefully on
 * a signal; with `WEB_CONCURRENCY=N` or `--workers N`, N worker processes sharing one port.
 */
import cluster from 'node:cluster';
import { startCluster, workerCount } from './cluster.js';
import { ConfigError } from './config.js';
import { startApp } from './server.js';

try {
  if (cluster.isWorker) {
    // The primary migrated and made the key; it also decides when this worker stops.
    const app = await startApp({ migrate: false });
    onStop(['SIGTERM'], () => app.close());
    // Ctrl-C reaches the whole process group: the primary turns it into an orderly SIGTERM.
    process.on('SIGINT', () => {});
    // A primary that is gone cannot stop this worker any more: stop now.
    process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  } else {
    const workers = workerCount(process.argv.slice(2), process.env);
    if (workers > 1) {
      const running = await startCluster(workers);
      onStop(['SIGTERM', 'SIGINT'], async () => {
        if (!(await running.close())) throw new Error('a worker did not stop cleanly');
      });
    } else {
      const app = await startApp();
      onStop(['SIGTERM', 'SIGINT'], () => app.close());
    }
  }
} catch (error) {
  // No logger can be trusted yet (LOG_LEVEL may be the bad variable), so the operator gets one
  // plain line on stderr.
  let reason = error instanceof Error ? error.message : String(error);
  // "Migrations failed" says little without what the database answered.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) reason = `${reason} (${cause.message})`;
  console.error(error instanceof ConfigError ? reason : `The app could not start: ${reason}`);
  process.exit(1);
}

/** Closes on the first of `signals`; a second signal exits at once: the operator means it. */
function onStop(signals: NodeJS.Signals[], close: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    // Failures are logged by whoever failed; the exit code tells the supervisor.
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of signals) process.on(signal, stop);
}
