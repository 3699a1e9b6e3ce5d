/** @module One conformance suite every AuditLog passes: memory, SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { type AuditLog, auditEntry } from '../../src/accounts/audit-log.js';
import type { AccountEvent } from '../../src/accounts/index.js';
import { systemRandom } from '../../src/clock.js';

/** A fresh, empty log; called once per test. */
export type AuditLogFactory = () => Promise<AuditLog>;

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

function event(overrides: Partial<AccountEvent> = {}): AccountEvent {
  return { type: 'login_ok', accountId: 'alice', address: '203.0.113.7', ...overrides };
}

/** Registers the conformance tests for one log. */
export function runAuditLogConformance(name: string, makeLog: AuditLogFactory): void {
  describe(`${name} audit log`, () => {
    it('append() then list() reads every field back', async () => {
      const log = await makeLog();
      const entry = auditEntry(
        event({
          type: 'account_disabled',
          actorId: 'admin-1',
          userAgent: 'Firefox/140 “quoted”',
          reason: 'by an admin',
          detail: { name: 'ci', count: 2, ok: true, none: null },
        }),
        T0,
        systemRandom,
      );
      await log.append(entry);
      expect(await log.list({ limit: 10 })).toStrictEqual([entry]);
      expect(entry).toMatchObject({ at: T0, actorId: 'admin-1', outcome: 'success' });
    });

    it('list() answers newest first, in order of writing within one millisecond', async () => {
      const log = await makeLog();
      const written = [];
      for (const [i, at] of [T0, T0, T0, T0 + 1, T0 + 1].entries()) {
        const entry = auditEntry(event({ detail: { i } }), at, systemRandom);
        written.push(entry);
        await log.append(entry);
      }
      const listed = await log.list({ limit: 10 });
      expect(listed.map((entry) => entry.detail?.i)).toEqual([4, 3, 2, 1, 0]);
    });

    it('list() pages with the before cursor and filters by account', async () => {
      const log = await makeLog();
      for (let i = 0; i < 5; i += 1) {
        const accountId = i % 2 === 0 ? 'alice' : 'bob';
        await log.append(auditEntry(event({ accountId, detail: { i } }), T0 + i, systemRandom));
      }
      const first = await log.list({ limit: 2 });
      expect(first.map((e) => e.detail?.i)).toEqual([4, 3]);
      const next = await log.list({ limit: 2, before: first.at(-1)?.id ?? '' });
      expect(next.map((e) => e.detail?.i)).toEqual([2, 1]);
      const alice = await log.list({ limit: 10, accountId: 'alice' });
      expect(alice.map((e) => e.detail?.i)).toEqual([4, 2, 0]);
    });

    it('a failure keeps its outcome and reason; an event with no account keeps null', async () => {
      const log = await makeLog();
      const entry = auditEntry(
        event({ type: 'login_failed', accountId: null, reason: 'unknown_email' }),
        T0,
        systemRandom,
      );
      await log.append(entry);
      expect((await log.list({ limit: 1 }))[0]).toMatchObject({
        type: 'login_failed',
        accountId: null,
        actorId: null,
        outcome: 'failure',
        reason: 'unknown_email',
        detail: null,
      });
    });

    it('prune() deletes entries older than the cut-off and counts them', async () => {
      const log = await makeLog();
      for (const at of [T0, T0 + 1, T0 + 2]) {
        await log.append(auditEntry(event(), at, systemRandom));
      }
      expect(await log.prune(T0 + 2)).toBe(2);
      expect((await log.list({ limit: 10 })).map((e) => e.at)).toEqual([T0 + 2]);
    });

    it('long user agents and addresses are cut, never refused', async () => {
      const log = await makeLog();
      const entry = auditEntry(
        event({ userAgent: 'U'.repeat(5000), address: 'a'.repeat(500) }),
        T0,
        systemRandom,
      );
      await log.append(entry);
      const [read] = await log.list({ limit: 1 });
      expect(read?.userAgent).toHaveLength(512);
      expect(read?.address).toHaveLength(64);
    });
  });
}
