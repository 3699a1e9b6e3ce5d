/** @module `npm start`: the reference app on the environment's configuration, closed gracefully on a signal. */
import { ConfigError } from './config.js';
import { startApp } from './server.js';

try {
  const app = await startApp();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // A second signal: the operator means it.
    stopping = true;
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not shut down cleanly after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('The app could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
