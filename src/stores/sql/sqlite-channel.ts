/**
 * @module Cross-process invalidation for processes sharing one SQLite file: each revocation is a
 * row in a change log, and every process reads the rows after the last one it saw, every 20 ms.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { LatchkeyError } from '../../errors.js';
import { decodeInvalidation, encodeInvalidation } from '../invalidation-wire.js';
import { createLocalInvalidationChannel } from '../local-invalidation.js';
import type { InvalidationChannel } from '../types.js';
import { latchkeyTableNames, type SqlStoreOptions } from './schema.js';

/** Rows read by one poll at most; a process that fell further behind catches up over several. */
const BATCH = 500;

/** Options for {@link createSqliteInvalidationChannel}. */
export interface SqliteChannelOptions extends SqlStoreOptions {
  /** The database file the stores use (migrated: the log table must exist). */
  readonly path: string;
  /** How often the log is read. Default 20 ms. */
  readonly pollIntervalMs?: number;
  /**
   * The channel counts as live only while its last successful read is at most this old; asked
   * later than that (the timer ran late), it reads the log first. Default 30 ms.
   */
  readonly maxLagMs?: number;
  /** How long rows stay in the log. Default 60 s. */
  readonly retentionMs?: number;
  /** Wall-clock milliseconds (rows are stamped with it). Default `Date.now`. */
  readonly clock?: () => number;
  /** Told about failed reads and writes; the channel carries on. */
  readonly onError?: (error: unknown) => void;
}

/** A channel over the SQLite change log. */
export interface SqliteInvalidationChannel extends InvalidationChannel {
  isLive(): boolean;
  close(): Promise<void>;
}

interface LogRow {
  readonly seq: number;
  readonly payload: string;
}

/**
 * Creates the change-log channel on its own connection to `path`. A publish writes one row
 * before it returns; other processes pick it up at their next poll (within `pollIntervalMs`).
 *
 * @example
 * const invalidation = createSqliteInvalidationChannel({ path: 'data/app.db' });
 * const stores = createSqlStores(openSqliteDatabase('data/app.db'), { invalidation });
 */
export function createSqliteInvalidationChannel(
  options: SqliteChannelOptions,
): SqliteInvalidationChannel {
  const table = latchkeyTableNames(options.tablePrefix).invalidations;
  const pollIntervalMs = options.pollIntervalMs ?? 20;
  const maxLagMs = options.maxLagMs ?? 30;
  const retentionMs = options.retentionMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  const onError = options.onError ?? (() => {});
  if (options.path === ':memory:' || options.path === '') {
    throw new LatchkeyError('config_invalid', 'An in-memory SQLite database has no other process.');
  }
  const origin = randomUUID();
  const local = createLocalInvalidationChannel({ onListenerError: (error) => onError(error) });
  const db = new Database(options.path);
  db.pragma('busy_timeout = 5000');

  let statements: ReturnType<typeof prepare> | null = null;
  let lastSeq: number | null = null;
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let caughtUp = false;
  let lastTrimAt = clock();

  const poll = () => {
    try {
      statements ??= prepare(db, table);
      if (lastSeq === null) {
        // Starting now: what was revoked before is already gone from the store, and this
        // process has cached nothing yet.
        lastSeq = (statements.latest.get(table) as { seq: number }).seq;
      }
      const rows = statements.after.all(lastSeq, BATCH) as LogRow[];
      // Sequence numbers only ever grow; a gap means rows were trimmed before this process
      // read them (or a write rolled back), so whatever they said is unknown: forget it all.
      if (rows[0] !== undefined && rows[0].seq !== lastSeq + 1) void local.publish({ kind: 'all' });
      for (const row of rows) {
        lastSeq = row.seq;
        const wire = decodeInvalidation(row.payload);
        if (wire === null) void local.publish({ kind: 'all' });
        else if (wire.origin !== origin) void local.publish(wire.message);
      }
      caughtUp = rows.length < BATCH;
      lastReadAt = clock();
      if (lastReadAt - lastTrimAt >= retentionMs / 4) {
        lastTrimAt = lastReadAt;
        statements.trim.run(lastReadAt - retentionMs);
      }
    } catch (error) {
      caughtUp = false;
      onError(error);
    }
  };

  poll();
  const timer = setInterval(poll, pollIntervalMs);
  timer.unref();
  let closed = false;

  return {
    async publish(message) {
      await local.publish(message);
      statements ??= prepare(db, table);
      const now = clock();
      for (const payload of encodeInvalidation(origin, message))
        statements.insert.run(now, payload);
    },
    subscribe: (listener) => local.subscribe(listener),
    isLive() {
      if (closed) return false;
      // A busy event loop runs the timer late; rather than distrust every cache until it
      // catches up, read the log now: one indexed query, and the caches are current again.
      if (clock() - lastReadAt > maxLagMs) poll();
      return caughtUp && clock() - lastReadAt <= maxLagMs;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      db.close();
    },
  };
}

function prepare(db: Database.Database, table: string) {
  const name = `"${table}"`;
  return {
    latest: db.prepare(
      `SELECT coalesce((SELECT max(seq) FROM ${name}), (SELECT seq FROM sqlite_sequence WHERE name = ?), 0) AS seq`,
    ),
    after: db.prepare(`SELECT seq, payload FROM ${name} WHERE seq > ? ORDER BY seq LIMIT ?`),
    insert: db.prepare(`INSERT INTO ${name} (created_at, payload) VALUES (?, ?)`),
    trim: db.prepare(`DELETE FROM ${name} WHERE created_at < ?`),
  };
}
