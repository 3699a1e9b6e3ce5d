/**
 * @module A private `redis-server` on a free loopback port, which a test may stop and start
 * again on the same port (the shared server must never be stopped).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A running private server. */
export interface PrivateRedis {
  readonly url: string;
  /** Stops the server (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty, and waits until it answers. */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing answers. */
  pause(): void;
  /** Lets a frozen process go on (SIGCONT). */
  resume(): void;
}

/** A port the OS just handed out on 127.0.0.1 (closed again, for the server to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts `redis-server` without persistence on a free port and waits until it answers PING.
 *
 * @example const redis = await startPrivateRedis(); await redis.stop(); await redis.start();
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await answers(url);
  };
  // A test that dies halfway must not leave its server behind.
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  const signal = (name: NodeJS.Signals) => {
    const running = child as ChildProcess | null;
    if (running !== null && running.exitCode === null) running.kill(name);
  };
  return {
    url,
    start,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async stop() {
      const running = child;
      child = null;
      if (running === null || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGCONT'); // A frozen server cannot act on SIGTERM.
        running.kill('SIGTERM');
      });
    },
  };
}

/** Resolves once a server at `url` answers PING, within five seconds. */
async function answers(url: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`redis-server at ${url} did not start`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
}
