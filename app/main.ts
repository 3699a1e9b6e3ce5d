/** @module `npm start`: the reference app on the environment's configuration, closed gracefully on a signal. */
import { ConfigError } from './config.js';
import { startApp } from './server.js';

try {
  const app = await startApp();
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // A second signal: the operator means it.
    stopping = true;
    // The app logs a failed shutdown through its own logger; the exit code tells the supervisor.
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  // No logger can be trusted yet (LOG_LEVEL may be the bad variable), so the operator gets one
  // plain line on stderr.
  const reason = error instanceof Error ? error.message : String(error);
  console.error(error instanceof ConfigError ? reason : `The app could not start: ${reason}`);
  process.exit(1);
}
