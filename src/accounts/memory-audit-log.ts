/** @module The audit log in process memory: for tests and single-process prototypes. */
import type { AuditEntry, AuditLog, AuditQuery } from './audit-log.js';

/**
 * Creates an {@link AuditLog} in an array kept in id order.
 *
 * @example const accounts = new Accounts({ ..., audit: createMemoryAuditLog() });
 */
export function createMemoryAuditLog(): AuditLog {
  let entries: AuditEntry[] = [];
  return {
    async append(entry) {
      const copy = Object.freeze({ ...entry, detail: entry.detail && { ...entry.detail } });
      entries.push(copy);
      // Ids from several processes or a clock set back need not arrive in order.
      if (entries.length > 1 && (entries.at(-2)?.id ?? '') > entry.id) {
        entries.sort((a, b) => (a.id < b.id ? -1 : 1));
      }
    },

    async list({ accountId, before, limit }: AuditQuery) {
      const found: AuditEntry[] = [];
      for (let i = entries.length - 1; i >= 0 && found.length < limit; i -= 1) {
        const entry = entries[i] as AuditEntry;
        if (before !== undefined && entry.id >= before) continue;
        if (accountId !== undefined && entry.accountId !== accountId) continue;
        found.push(entry);
      }
      return found;
    },

    async prune(before) {
      const kept = entries.filter((entry) => entry.at >= before);
      const pruned = entries.length - kept.length;
      entries = kept;
      return pruned;
    },
  };
}
