/**
 * @module The LISTEN/NOTIFY channel on the real PostgreSQL: delivery between connections, no
 * echo, large id lists split under NOTIFY's limit, and a killed connection that comes back.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import {
  createPostgresInvalidationChannel,
  type PostgresInvalidationChannel,
} from '../../src/stores/sql/postgres-entry.js';
import type { Invalidation } from '../../src/stores/types.js';
import { describePostgres } from '../accounts/support/postgres.js';
import { waitFor } from '../support/wait-for.js';

const open: PostgresInvalidationChannel[] = [];
afterEach(async () => {
  for (const channel of open.splice(0)) await channel.close();
});

function heard(on: PostgresInvalidationChannel): Invalidation[] {
  const seen: Invalidation[] = [];
  on.subscribe((message) => seen.push(message));
  return seen;
}

describePostgres('the PostgreSQL invalidation channel', (run) => {
  const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
  const url = process.env.TEST_POSTGRES_URL as string;

  async function channel(options: { errors?: unknown[] } = {}) {
    const made = createPostgresInvalidationChannel({
      connection: { connectionString: url, application_name: name },
      db: run.db(),
      channel: name,
      initialBackoffMs: 20,
      onError: (error) => options.errors?.push(error),
    });
    open.push(made);
    await made.ready;
    return made;
  }

  it('a message published by one process reaches the listeners of another', async () => {
    const a = await channel();
    const b = await channel();
    const onB = heard(b);
    await a.publish({ kind: 'sessions', ids: ['s1'] });
    await a.publish({ kind: 'user', userId: 'u1' });
    await waitFor('both messages on b', () => onB.length === 2);
    expect(onB).toStrictEqual([
      { kind: 'sessions', ids: ['s1'] },
      { kind: 'user', userId: 'u1' },
    ]);
  });

  it("the publisher's own listeners hear a message once, at once, not again as a notification", async () => {
    const a = await channel();
    const b = await channel();
    const onA = heard(a);
    const onB = heard(b);
    await a.publish({ kind: 'user', userId: 'u1' });
    expect(onA).toStrictEqual([{ kind: 'user', userId: 'u1' }]);
    await waitFor('the message on b', () => onB.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onA).toHaveLength(1);
  });

  it('two thousand session ids, far past the 8000-byte NOTIFY limit, all arrive', async () => {
    const a = await channel();
    const b = await channel();
    const onB = heard(b);
    const ids = Array.from({ length: 2_000 }, () => randomBytes(32).toString('base64url'));
    await a.publish({ kind: 'sessions', ids });
    const received = () => onB.flatMap((m) => (m.kind === 'sessions' ? m.ids : []));
    await waitFor('every id on b', () => received().length === ids.length);
    expect(received()).toStrictEqual(ids);
    expect(onB.length).toBeGreaterThan(5);
  });

  it('a killed listening connection is not live, comes back by itself, and then forgets everything', async () => {
    const errors: unknown[] = [];
    const a = await channel();
    const b = await channel({ errors });
    const onB = heard(b);
    expect(b.isLive()).toBe(true);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = ${name} and query like 'LISTEN%'`.execute(run.db());
    await waitFor('b to notice', () => !b.isLive());
    await waitFor('b to listen again', () => b.isLive(), { timeoutMs: 5_000 });
    expect(onB).toContainEqual({ kind: 'all' });
    expect(errors.length).toBeGreaterThan(0);
    await waitFor('a to listen again', () => a.isLive(), { timeoutMs: 5_000 });
    await a.publish({ kind: 'user', userId: 'after' });
    await waitFor('a message after the reconnection', () =>
      onB.some((m) => m.kind === 'user' && m.userId === 'after'),
    );
    expect(b.isLive()).toBe(true);
  });

  it('a channel that cannot connect is not live and retries; closing it rejects ready', async () => {
    const errors: unknown[] = [];
    const made = createPostgresInvalidationChannel({
      connection: { connectionString: 'postgres://postgres@127.0.0.1:1/none' },
      db: run.db(),
      initialBackoffMs: 10,
      onError: (error) => errors.push(error),
    });
    await waitFor('two failed attempts', () => errors.length >= 2);
    expect(made.isLive()).toBe(false);
    await made.close();
    await expect(made.ready).rejects.toMatchObject({ code: 'store_failure' });
  });

  it('a channel name longer than PostgreSQL allows is a configuration error', () => {
    expect(() =>
      createPostgresInvalidationChannel({
        connection: {},
        db: run.db(),
        channel: 'x'.repeat(64),
      }),
    ).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});
