/** @module Revocations on the wire: JSON with the sender's id, checked before anyone acts on it. */
import { z } from 'zod';
import type { Invalidation } from '../types.js';

const wire = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sessions'), ids: z.array(z.string()), from: z.string() }),
  z.object({ kind: z.literal('user'), userId: z.string(), from: z.string() }),
  z.object({ kind: z.literal('all'), from: z.string() }),
]);

/** A message as published: the revocation plus the sending channel's id. */
export function encodeInvalidation(message: Invalidation, from: string): string {
  return JSON.stringify({ ...message, from });
}

/** The revocation and its sender, or null for text that is not a well-formed message. */
export function decodeInvalidation(text: string): { message: Invalidation; from: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = wire.safeParse(value);
  if (!parsed.success) return null;
  const { from, ...message } = parsed.data;
  return { message, from };
}
