/**
 * @module Starting the app: configuration, database and migrations, the login manager and the
 * accounts service, mail, and the HTTP server — and closing them again in order.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Logger, pino } from 'pino';
import {
  type Account,
  Accounts,
  accountLoginOptions,
  createSqlAccountStore,
  createSqlApiTokenStore,
  createSqlAuditLog,
  createSqlLegacyIds,
  createSqlPasskeyStore,
  createSqlTwoFactorStore,
} from '../src/accounts/index.js';
import { ApiTokens, LoginManager } from '../src/index.js';
import { accountEventLogger } from './auth-log.js';
import { type AppConfig, loadConfig } from './config.js';
import { createApp } from './create-app.js';
import { migrateDatabase, openStores } from './database.js';
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts, httpServerOptions } from './http-limits.js';
import { createDevOutbox } from './mail/dev-outbox.js';
import { type ClosableMailer, createSmtpMailer } from './mail/smtp-mailer.js';
import { connectRedis } from './redis.js';
import { resolveSecretKey } from './secret-key.js';

/** Options of {@link startApp}. */
export interface StartOptions {
  /** The environment to configure from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Injected clock (tests move it); default the system clock. */
  clock?: () => number;
  /** Default: pino to stdout at LOG_LEVEL (default info). */
  logger?: Logger;
  /** False when the database is already migrated (a cluster worker); default true. */
  migrate?: boolean;
  /** The HTTP server's time limits; default {@link DEFAULT_HTTP_TIMEOUTS}. */
  httpTimeouts?: Partial<HttpTimeouts>;
}

/** A running app. */
export interface RunningApp {
  /** Where it listens, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** PUBLIC_URL, or `url` when it is unset. */
  publicUrl: string;
  /** The Hono app behind the server, for in-process requests (`app.request`). */
  app: Hono;
  /** Stops accepting, lets requests in flight finish, then closes the database (a failure is logged). */
  close(): Promise<void>;
}

type FetchHandler = (request: Request, env: unknown) => Response | Promise<Response>;

/** Requests still open this long after `close()` are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
const HOUR_MS = 3_600_000;

/**
 * Starts the app; rejects with a `ConfigError` for bad configuration.
 *
 * @example const app = await startApp({ env: { PORT: '0' } }); await fetch(`${app.url}/healthz`);
 */
export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const config = loadConfig(options.env ?? process.env);
  const secretKey = resolveSecretKey(config);
  const logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? Date.now;
  if (options.migrate !== false) await migrateDatabase(config.database);
  const redis = config.redis ? await connectRedis(config.redis, logger) : null;
  // With Redis holding the sessions, its pub/sub carries revocations: the database needs none.
  const database = await openStores(config.database, logger, { invalidation: !redis });
  const db = database.db;

  // PUBLIC_URL defaults to the bound address, known only once listening (PORT=0): until the
  // app is built on it, the few requests that could arrive are asked to come back.
  let handler: FetchHandler = () =>
    new Response('Starting up', { status: 503, headers: { 'Retry-After': '1' } });
  let server: ServerType;
  try {
    const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.httpTimeouts };
    server = await listen((request, env) => handler(request, env), config, timeouts);
  } catch (error) {
    await redis?.close();
    await database.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const publicUrl = config.publicUrl ?? url;

  const devOutbox = config.smtpUrl ? null : createDevOutbox(logger, clock);
  if (devOutbox && config.production) {
    logger.warn('SMTP_URL is unset: mail is written to this log (links included), not sent');
  }
  const mailer: ClosableMailer =
    devOutbox ?? createSmtpMailer(config.smtpUrl as string, config.mailFrom);
  const store = createSqlAccountStore(db);
  const manager = new LoginManager<Account>({
    ...accountLoginOptions(store),
    stores: redis?.stores ?? database.stores,
    session: { cookieName: 'session' },
    remember: { cookieName: 'remember_token', duration: config.rememberSeconds },
    cookie: { secure: config.cookieSecure ?? publicUrl.startsWith('https:') },
    protection: 'basic',
    loginView: '/auth/login',
    refreshView: '/auth/reauthenticate',
    csrf: { secret: secretKey, trustedOrigins: [publicUrl] },
    // Users brought over by `latchkey import flask` stay logged in: each old cookie works once.
    ...(config.flaskSecretKey === null
      ? {}
      : {
          legacyRemember: {
            keys: config.flaskSecretKey,
            userIdFor: createSqlLegacyIds(db).accountIdFor,
          },
        }),
    clock,
  });
  const apiTokens = new ApiTokens({
    store: createSqlApiTokenStore(db),
    invalidation: manager.invalidation,
    clock,
  });
  const accounts = new Accounts({
    store,
    manager,
    mailer,
    publicUrl,
    twoFactor: { store: createSqlTwoFactorStore(db), encryptionKeys: secretKey },
    passkeys: { store: createSqlPasskeyStore(db) },
    audit: createSqlAuditLog(db),
    apiTokens,
    adminEmails: config.adminEmail ? [config.adminEmail] : [],
    onAuditError: (error) => logger.error({ err: error }, 'could not write an audit entry'),
    onEvent: accountEventLogger(logger),
    onMailError: (error, message) => {
      logger.error({ err: error, mail: { kind: message.kind } }, 'mail could not be sent');
    },
  });
  const outbox = config.production ? null : devOutbox;
  const app = createApp({ accounts, manager, apiTokens, db, logger, publicUrl, outbox, redis });
  handler = (request, env) => app.fetch(request, env);

  const sweeper = setInterval(() => {
    const retention = { days: config.auditRetentionDays };
    Promise.all([
      manager.deleteExpired(),
      apiTokens.deleteExpired(),
      accounts.pruneAudit(retention),
    ]).catch((error: unknown) => {
      logger.error({ err: error }, 'could not delete expired sessions, tokens and audit entries');
    });
  }, HOUR_MS);
  sweeper.unref();

  logger.info({ url, publicUrl, database: config.database.kind, redis: !!redis }, 'listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    publicUrl,
    app,
    close() {
      closing ??= (async () => {
        logger.info('shutting down');
        clearInterval(sweeper);
        await stopServer(server);
        await accounts.settled();
        accounts.close();
        apiTokens.close();
        manager.close();
        mailer.close();
        await redis?.close();
        await database.close();
        logger.info('closed');
      })().catch((error: unknown) => {
        logger.error({ err: error }, 'could not shut down cleanly');
        throw error;
      });
      return closing;
    },
  };
}

/** `serve` from the Node adapter, resolved once it listens (rejected when it cannot, e.g. port in use). */
function listen(
  fetch: FetchHandler,
  config: AppConfig,
  timeouts: HttpTimeouts,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const serverOptions = httpServerOptions(timeouts);
    const server = serve({ fetch, port: config.port, hostname: config.host, serverOptions }, () => {
      server.off('error', reject);
      resolve(server);
    });
    server.once('error', reject);
  });
}

/** Stops accepting connections, waits for requests in flight, and cuts whatever outlives the grace. */
function stopServer(server: ServerType): Promise<void> {
  const http = server as Server;
  return new Promise((resolve) => {
    const timer = setTimeout(() => http.closeAllConnections(), SHUTDOWN_GRACE_MS);
    timer.unref();
    http.close(() => {
      clearTimeout(timer);
      resolve();
    });
    http.closeIdleConnections();
  });
}
