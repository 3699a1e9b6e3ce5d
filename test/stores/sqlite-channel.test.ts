/**
 * @module The SQLite change-log channel between connections to one file, as two processes
 * would have them: delivery, no echo, the lag bound, gaps, trimming, failures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateLatchkey } from '../../src/stores/sql/index.js';
import {
  createSqliteInvalidationChannel,
  openSqliteDatabase,
  type SqliteChannelOptions,
  type SqliteInvalidationChannel,
} from '../../src/stores/sql/sqlite-entry.js';
import type { Invalidation } from '../../src/stores/types.js';
import { createTestClock } from '../../src/testing/index.js';
import { waitFor } from '../support/wait-for.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function migratedFile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-channel-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'app.db');
  const db = openSqliteDatabase(path);
  await migrateLatchkey(db);
  await db.destroy();
  return path;
}

function channel(options: SqliteChannelOptions): SqliteInvalidationChannel {
  const opened = createSqliteInvalidationChannel(options);
  cleanups.unshift(() => opened.close());
  return opened;
}

function heard(on: SqliteInvalidationChannel): Invalidation[] {
  const seen: Invalidation[] = [];
  on.subscribe((message) => seen.push(message));
  return seen;
}

function logRows(path: string): number {
  const db = new Database(path);
  try {
    return (db.prepare('SELECT count(*) AS n FROM latchkey_invalidations').get() as { n: number })
      .n;
  } finally {
    db.close();
  }
}

describe('the SQLite invalidation channel', () => {
  it('a message published on one connection reaches the listeners of another', async () => {
    const path = await migratedFile();
    const a = channel({ path });
    const b = channel({ path });
    const onB = heard(b);
    await a.publish({ kind: 'sessions', ids: ['s1', 's2'] });
    await a.publish({ kind: 'user', userId: 'u1' });
    await waitFor('both messages on b', () => onB.length === 2);
    expect(onB).toStrictEqual([
      { kind: 'sessions', ids: ['s1', 's2'] },
      { kind: 'user', userId: 'u1' },
    ]);
  });

  it("the publisher's own listeners hear a message once, at once, and not again from the log", async () => {
    const path = await migratedFile();
    const a = channel({ path });
    const b = channel({ path });
    const onA = heard(a);
    const onB = heard(b);
    await a.publish({ kind: 'user', userId: 'u1' });
    expect(onA).toStrictEqual([{ kind: 'user', userId: 'u1' }]);
    await waitFor('the message on b', () => onB.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(onA).toHaveLength(1);
  });

  it('asked after maxLagMs without a read (a late timer), isLive() reads the log first', async () => {
    const path = await migratedFile();
    const clock = createTestClock(Date.now());
    const a = channel({ path, clock: clock.now, pollIntervalMs: 3_600_000, maxLagMs: 60 });
    const b = channel({ path, pollIntervalMs: 3_600_000 });
    const onA = heard(a);
    expect(a.isLive()).toBe(true);
    await b.publish({ kind: 'user', userId: 'u1' });
    expect(a.isLive()).toBe(true);
    expect(onA).toStrictEqual([]);
    clock.advance(61);
    expect(a.isLive()).toBe(true);
    expect(onA).toStrictEqual([{ kind: 'user', userId: 'u1' }]);
  });

  it('a channel with more unread rows than one read takes is not live until it has caught up', async () => {
    const path = await migratedFile();
    const clock = createTestClock(Date.now());
    const a = channel({ path, clock: clock.now, pollIntervalMs: 3_600_000 });
    const writer = new Database(path);
    cleanups.push(() => {
      writer.close();
    });
    const insert = writer.prepare(
      'INSERT INTO latchkey_invalidations (created_at, payload) VALUES (?, ?)',
    );
    const payload = JSON.stringify({ origin: 'x', message: { kind: 'user', userId: 'u' } });
    writer.transaction(() => {
      for (let i = 0; i < 700; i++) insert.run(Date.now(), payload);
    })();
    clock.advance(61);
    expect(a.isLive()).toBe(false);
    clock.advance(61);
    expect(a.isLive()).toBe(true);
  });

  it('a channel whose log cannot be read is not live and reports why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-channel-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const errors: unknown[] = [];
    const a = channel({ path: join(dir, 'unmigrated.db'), onError: (e) => errors.push(e) });
    expect(a.isLive()).toBe(false);
    expect(String(errors[0])).toMatch(/no such table/);
  });

  it('rows this connection never read (a gap in the sequence) make it forget everything', async () => {
    const path = await migratedFile();
    const b = channel({ path });
    const onB = heard(b);
    const writer = new Database(path);
    cleanups.push(() => {
      writer.close();
    });
    // As if rows 1 to 4 had been written and trimmed before b read them.
    writer
      .prepare('INSERT INTO latchkey_invalidations (seq, created_at, payload) VALUES (5, ?, ?)')
      .run(Date.now(), JSON.stringify({ origin: 'x', message: { kind: 'user', userId: 'u9' } }));
    await waitFor('the gap on b', () => onB.length === 2);
    expect(onB).toStrictEqual([{ kind: 'all' }, { kind: 'user', userId: 'u9' }]);
  });

  it('an unreadable row makes the reader forget everything', async () => {
    const path = await migratedFile();
    const b = channel({ path });
    const onB = heard(b);
    const writer = new Database(path);
    cleanups.push(() => {
      writer.close();
    });
    writer
      .prepare('INSERT INTO latchkey_invalidations (created_at, payload) VALUES (?, ?)')
      .run(Date.now(), '{"origin":"x","message":{"kind":"nonsense"}}');
    await waitFor('the unreadable row on b', () => onB.length === 1);
    expect(onB).toStrictEqual([{ kind: 'all' }]);
  });

  it('rows older than the retention are trimmed', async () => {
    const path = await migratedFile();
    const clock = createTestClock(Date.now());
    const a = channel({ path, clock: clock.now, retentionMs: 1_000 });
    await a.publish({ kind: 'user', userId: 'u1' });
    expect(logRows(path)).toBe(1);
    clock.advance(2_000);
    await waitFor('the trim', () => logRows(path) === 0);
    expect(logRows(path)).toBe(0);
  });

  it('a closed channel is not live and hears nothing more', async () => {
    const path = await migratedFile();
    const a = channel({ path });
    const b = channel({ path });
    const onB = heard(b);
    await b.close();
    expect(b.isLive()).toBe(false);
    await a.publish({ kind: 'all' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(onB).toStrictEqual([]);
  });

  it('an in-memory database is refused: no other process could share it', () => {
    expect(() => createSqliteInvalidationChannel({ path: ':memory:' })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });
});
