/**
 * @module Cross-process invalidation over PostgreSQL `LISTEN/NOTIFY`: a dedicated listening
 * connection that reconnects with backoff, and reports itself not live until it listens again.
 */
import { randomUUID } from 'node:crypto';
import { type QueryExecutorProvider, sql } from 'kysely';
import pg from 'pg';
import { LatchkeyError } from '../../errors.js';
import { decodeInvalidation, encodeInvalidation } from '../invalidation-wire.js';
import { createLocalInvalidationChannel } from '../local-invalidation.js';
import type { InvalidationChannel } from '../types.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; this leaves room to spare. */
const MAX_PAYLOAD_BYTES = 7_900;

/** Options for {@link createPostgresInvalidationChannel}. */
export interface PostgresChannelOptions {
  /** How the listening connection connects (its own connection, never one from the pool). */
  readonly connection: pg.ClientConfig;
  /** Where notifications are sent from: the stores' database, so a publish needs no listener. */
  readonly db: QueryExecutorProvider;
  /** The NOTIFY channel; `latchkey_invalidation` by default. At most 63 bytes. */
  readonly channel?: string;
  /** First reconnection delay; doubles up to {@link maxBackoffMs}. Default 100 ms. */
  readonly initialBackoffMs?: number;
  /** Default 5 s. */
  readonly maxBackoffMs?: number;
  /** How often the listening connection proves it is alive (a silent network). Default 5 s. */
  readonly heartbeatMs?: number;
  /** Told about connection failures and unreadable payloads; the channel carries on. */
  readonly onError?: (error: unknown) => void;
}

/** A channel over LISTEN/NOTIFY; `ready` settles once it first listens. */
export interface PostgresInvalidationChannel extends InvalidationChannel {
  /** Resolves when the first LISTEN succeeded; rejects when `close()` came first. */
  readonly ready: Promise<void>;
  isLive(): boolean;
  close(): Promise<void>;
}

/**
 * Creates a LISTEN/NOTIFY channel. Messages from this process reach its own listeners at once;
 * other processes get them as notifications. After a reconnection the local listeners are told
 * to forget everything (`all`), since notifications sent meanwhile are lost.
 *
 * @example
 * const invalidation = createPostgresInvalidationChannel({ connection: { connectionString }, db });
 * await invalidation.ready;
 * const stores = createSqlStores(db, { invalidation });
 */
export function createPostgresInvalidationChannel(
  options: PostgresChannelOptions,
): PostgresInvalidationChannel {
  const channel = options.channel ?? 'latchkey_invalidation';
  if (Buffer.byteLength(channel) > 63) {
    throw new LatchkeyError('config_invalid', 'A NOTIFY channel name is at most 63 bytes.');
  }
  const initialBackoffMs = options.initialBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const onError = options.onError ?? (() => {});
  const origin = randomUUID();
  const local = createLocalInvalidationChannel({ onListenerError: (error) => onError(error) });

  let client: pg.Client | null = null;
  let live = false;
  let closed = false;
  let backoffMs = initialBackoffMs;
  let retry: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let firstListen: (() => void) | null = null;
  let abandon: ((error: Error) => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    firstListen = resolve;
    abandon = reject;
  });
  // A caller that never awaits `ready` must not get an unhandled rejection at close.
  ready.catch(() => {});

  const onNotification = (notice: pg.Notification) => {
    if (notice.channel !== channel || notice.payload === undefined) return;
    const wire = decodeInvalidation(notice.payload);
    if (wire === null) {
      onError(new Error(`unreadable invalidation payload on ${channel}`));
      void local.publish({ kind: 'all' });
      return;
    }
    if (wire.origin !== origin) void local.publish(wire.message);
  };

  const lost = (current: pg.Client, error?: unknown) => {
    if (client !== current) return;
    if (error !== undefined) onError(error);
    live = false;
    client = null;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    current.removeAllListeners('notification');
    current.on('error', () => {}); // late errors of a dead connection mean nothing now
    current.end().catch(() => {});
    schedule();
  };

  const schedule = () => {
    if (closed || retry) return;
    const delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    retry.unref();
  };

  const connect = async () => {
    // A query timeout, so a heartbeat over a silently dead network fails instead of hanging.
    const next = new pg.Client({
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      query_timeout: Math.max(heartbeatMs, 2_000),
      ...options.connection,
    });
    client = next;
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    next.on('notification', onNotification);
    try {
      await next.connect();
      await next.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      lost(next, error);
      return;
    }
    if (closed || client !== next) return;
    backoffMs = initialBackoffMs;
    // Whatever was revoked while nobody listened is unknown: forget it all, then trust again.
    await local.publish({ kind: 'all' });
    live = true;
    firstListen?.();
    heartbeat = setInterval(() => {
      next.query('SELECT 1').catch((error: unknown) => lost(next, error));
    }, heartbeatMs);
    heartbeat.unref();
  };

  void connect();

  return {
    ready,
    async publish(message) {
      await local.publish(message);
      for (const payload of encodeInvalidation(origin, message, MAX_PAYLOAD_BYTES)) {
        await sql`select pg_notify(${channel}, ${payload})`.execute(options.db);
      }
    },
    subscribe: (listener) => local.subscribe(listener),
    isLive: () => live,
    async close() {
      closed = true;
      live = false;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      abandon?.(new LatchkeyError('store_failure', 'The invalidation channel was closed.'));
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => {});
        await current.end().catch(() => {});
      }
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
