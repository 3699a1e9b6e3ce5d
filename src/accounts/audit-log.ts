/**
 * @module The audit log's port and its entries: what happened to which account, done by whom,
 * from which address and user agent, with what outcome — never a password, token or code.
 */
import type { Clock, RandomSource } from '../clock.js';
import type { AccountEvent } from './types.js';

/** One recorded event. Times are epoch milliseconds. */
export interface AuditEntry {
  /** Sorts by time, then by order of writing within a process: newest first is `id` descending. */
  readonly id: string;
  readonly at: number;
  /** What happened, e.g. `login_ok`, `login_failed`, `account_disabled`. */
  readonly type: string;
  /** The account it happened to; null when none is known (an unknown email). */
  readonly accountId: string | null;
  /** Who acted: the account itself, an admin, or null when nobody is known. */
  readonly actorId: string | null;
  readonly address: string | null;
  readonly userAgent: string | null;
  readonly outcome: 'success' | 'failure';
  /** Why it failed, for the operator only. */
  readonly reason: string | null;
  /** Small facts that are never secrets. */
  readonly detail: Readonly<Record<string, string | number | boolean | null>> | null;
}

/** Which entries to list: newest first, after the `before` cursor (an entry id), at most `limit`. */
export interface AuditQuery {
  readonly accountId?: string;
  readonly before?: string;
  readonly limit: number;
}

/** Where audit entries live (memory, or a table beside the accounts). */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Entries newest first. */
  list(query: AuditQuery): Promise<AuditEntry[]>;
  /** Deletes entries older than `before` (retention); returns how many. */
  prune(before: number): Promise<number>;
}

const LIMITS = { address: 64, userAgent: 512, reason: 200, detail: 200, type: 64 } as const;
let sequence = 0;

/**
 * Builds the entry for an account event at `now`: an id that sorts by time and order of writing,
 * the outcome from the event (or its type), long strings cut to size.
 *
 * @example await log.append(auditEntry(event, Date.now(), systemRandom));
 */
export function auditEntry(event: AccountEvent, now: number, random: RandomSource): AuditEntry {
  sequence = (sequence + 1) % 1e9;
  // Digits only, fixed width: every database orders these the same, whatever its collation.
  const noise = Array.from(random(3), (byte) => String(byte % 10)).join('');
  const id = `${String(Math.max(0, Math.trunc(now))).padStart(15, '0')}${String(sequence).padStart(9, '0')}${noise}`;
  return {
    id,
    at: now,
    type: cut(event.type, LIMITS.type) ?? 'unknown',
    accountId: event.accountId,
    actorId: event.actorId === undefined ? event.accountId : event.actorId,
    address: cut(event.address, LIMITS.address),
    userAgent: cut(event.userAgent ?? null, LIMITS.userAgent),
    outcome: event.outcome ?? (isFailure(event.type) ? 'failure' : 'success'),
    reason: cut(event.reason ?? null, LIMITS.reason),
    detail: event.detail ? cutDetail(event.detail) : null,
  };
}

/** Events named as failures or holds are failures; the rest succeeded. */
function isFailure(type: string): boolean {
  return /_(failed|throttled|theft|refused)$/.test(type) || type === 'remember_token_theft';
}

function cut(value: string | null, max: number): string | null {
  return value === null ? null : value.slice(0, max);
}

function cutDetail(detail: NonNullable<AccountEvent['detail']>): AuditEntry['detail'] {
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [
      key.slice(0, LIMITS.type),
      typeof value === 'string' ? value.slice(0, LIMITS.detail) : value,
    ]),
  );
}

/** A recorder: stamps events and appends them to the log. */
export interface AuditRecorder {
  record(event: AccountEvent): Promise<void>;
}

/**
 * Records account events into `log` with the given clock and randomness.
 *
 * @example const audit = createAuditRecorder(log, Date.now, systemRandom);
 */
export function createAuditRecorder(
  log: AuditLog,
  clock: Clock,
  random: RandomSource,
): AuditRecorder {
  return { record: (event) => log.append(auditEntry(event, clock(), random)) };
}
