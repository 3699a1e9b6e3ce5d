/**
 * @module The app on every core: a primary that migrates once, then forks N workers (node:cluster)
 * sharing one port and the stores, replaces a worker that dies, and stops them all on a signal.
 */
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { migrateDatabase } from './database.js';
import { resolveSecretKey } from './secret-key.js';

/** Workers still running this long after the stop signal are killed. */
const STOP_GRACE_MS = 15_000;
/** A worker that dies within this long of starting is a broken start, not a crash to repair. */
const STARTUP_CRASH_MS = 10_000;
const MAX_WORKERS = 256;

/**
 * How many worker processes to run: `--workers N` (or `--workers=N`) over `WEB_CONCURRENCY`;
 * 1 (no cluster) when neither is given. Throws {@link ConfigError} for anything but 1 to 256.
 *
 * @example workerCount(['--workers', '2'], {}); // 2
 */
export function workerCount(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): number {
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--workers') flag = argv[i + 1] ?? '';
    else if (arg.startsWith('--workers=')) flag = arg.slice('--workers='.length);
    else
      throw new ConfigError(`Unknown argument ${JSON.stringify(arg)}; the app takes --workers N.`);
    if (arg === '--workers') i++;
  }
  const [name, value] =
    flag !== undefined ? ['--workers', flag] : ['WEB_CONCURRENCY', env.WEB_CONCURRENCY];
  // An empty WEB_CONCURRENCY counts as unset (shells leave those behind); an empty flag does not.
  if (value === undefined || (value === '' && flag === undefined)) return 1;
  const count = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(count >= 1 && count <= MAX_WORKERS)) {
    throw new ConfigError(
      `Invalid configuration: ${name} must be a whole number of worker processes from 1 to ${MAX_WORKERS}.`,
    );
  }
  return count;
}

/** The running cluster, as its primary sees it. */
export interface RunningCluster {
  /** Where the workers listen, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Stops every worker gracefully (each finishes its requests); resolves true when all exited 0. */
  close(): Promise<boolean>;
}

/**
 * In the primary: checks the configuration, migrates, makes the development key, forks `count`
 * workers and resolves once all of them listen. Workers run `app/main.ts` as a single process.
 *
 * @example const running = await startCluster(2); process.on('SIGTERM', () => running.close());
 */
export async function startCluster(
  count: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<RunningCluster> {
  const config = loadConfig(env);
  const logger: Logger = pino({ level: config.logLevel });
  // Once, here: workers starting together would race to migrate and to create the key.
  await migrateDatabase(config.database);
  resolveSecretKey(config);

  let stopping = false;
  let url: string | null = null;
  const exits = new Map<Worker, Promise<number>>();
  const fork = (): Worker => {
    const worker = cluster.fork();
    const startedAt = Date.now();
    exits.set(
      worker,
      new Promise((resolve) => {
        worker.once('exit', (code, signal) => {
          exits.delete(worker);
          resolve(code ?? 1);
          if (stopping) return;
          // While starting, a worker that dies fails the whole start (below).
          if (url === null) return;
          logger.error(
            { worker: worker.process.pid, code, signal },
            'worker died; starting another',
          );
          // One that dies soon after its start (the database is down, say) is retried slowly.
          const delay = Date.now() - startedAt < STARTUP_CRASH_MS ? 1_000 : 0;
          setTimeout(() => {
            if (!stopping) fork();
          }, delay);
        });
      }),
    );
    return worker;
  };

  url = await new Promise<string>((resolve, reject) => {
    let listening = 0;
    const onListening = (
      _worker: Worker,
      address: AddressInfo | { address: string; port: number },
    ) => {
      listening += 1;
      if (listening < count) return;
      cluster.off('listening', onListening);
      cluster.off('exit', onEarlyExit);
      const host = address.address.includes(':') ? `[${address.address}]` : address.address;
      resolve(`http://${host}:${address.port}`);
    };
    const onEarlyExit = (worker: Worker, code: number | null) => {
      cluster.off('listening', onListening);
      cluster.off('exit', onEarlyExit);
      stopping = true;
      for (const other of exits.keys()) other.process.kill('SIGTERM');
      reject(new Error(`worker ${worker.process.pid} exited (${code}) before listening`));
    };
    cluster.on('listening', onListening);
    cluster.on('exit', onEarlyExit);
    for (let i = 0; i < count; i++) fork();
  });
  logger.info({ url, workers: count }, 'listening');

  let closing: Promise<boolean> | null = null;
  return {
    url,
    close() {
      closing ??= (async () => {
        stopping = true;
        logger.info({ workers: exits.size }, 'stopping workers');
        const pending = [...exits.entries()];
        for (const [worker] of pending) worker.process.kill('SIGTERM');
        const timer = setTimeout(() => {
          for (const [worker] of pending) worker.process.kill('SIGKILL');
        }, STOP_GRACE_MS);
        const codes = await Promise.all(pending.map(([, exit]) => exit));
        clearTimeout(timer);
        logger.info({ codes }, 'workers stopped');
        return codes.every((code) => code === 0);
      })();
      return closing;
    },
  };
}
