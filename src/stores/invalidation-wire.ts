/**
 * @module Invalidations as text for channels that cross processes: JSON tagged with the
 * sending process, split to fit a size limit, and read back without trusting the bytes.
 */
import type { Invalidation } from './types.js';

/** One message as it travels: who sent it, and what to forget. */
export interface WireMessage {
  /** The sending channel's random id, so a process can skip its own echoes. */
  readonly origin: string;
  readonly message: Invalidation;
}

/**
 * Encodes a message as one or more JSON texts of at most `maxBytes` UTF-8 bytes each; a long
 * list of session ids is split across several texts, each a complete `sessions` message.
 *
 * @example
 * for (const text of encodeInvalidation(origin, message, 7_900)) await notify(text);
 */
export function encodeInvalidation(
  origin: string,
  message: Invalidation,
  maxBytes = Number.POSITIVE_INFINITY,
): string[] {
  const whole = JSON.stringify({ origin, message });
  if (message.kind !== 'sessions' || Buffer.byteLength(whole) <= maxBytes) return [whole];
  const text = (ids: string[]) => JSON.stringify({ origin, message: { kind: 'sessions', ids } });
  const emptyBytes = Buffer.byteLength(text([]));
  const texts: string[] = [];
  let batch: string[] = [];
  let bytes = emptyBytes;
  for (const id of message.ids) {
    // Each id adds its JSON string and, after the first, a comma.
    const more = Buffer.byteLength(JSON.stringify(id)) + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && bytes + more > maxBytes) {
      texts.push(text(batch));
      batch = [];
      bytes = emptyBytes;
    }
    bytes += Buffer.byteLength(JSON.stringify(id)) + (batch.length > 0 ? 1 : 0);
    batch.push(id);
  }
  if (batch.length > 0) texts.push(text(batch));
  return texts;
}

/**
 * Reads a text back; `null` for anything that is not a well-formed message (a channel shared
 * with something else, or a truncated payload), which the caller treats as "forget all".
 *
 * @example
 * const wire = decodeInvalidation(payload); if (wire) deliver(wire.message);
 */
export function decodeInvalidation(text: string): WireMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { origin, message } = value as { origin?: unknown; message?: unknown };
  if (typeof origin !== 'string' || typeof message !== 'object' || message === null) return null;
  const parsed = invalidationOf(message as Record<string, unknown>);
  return parsed === null ? null : { origin, message: parsed };
}

function invalidationOf(message: Record<string, unknown>): Invalidation | null {
  if (message.kind === 'all') return { kind: 'all' };
  if (message.kind === 'user' && typeof message.userId === 'string') {
    return { kind: 'user', userId: message.userId };
  }
  if (
    message.kind === 'sessions' &&
    Array.isArray(message.ids) &&
    message.ids.every((id) => typeof id === 'string')
  ) {
    return { kind: 'sessions', ids: message.ids as string[] };
  }
  return null;
}
