/** @module Tests for invalidations as text: round trips, splitting under a size limit, bad input. */
import { describe, expect, it } from 'vitest';
import { decodeInvalidation, encodeInvalidation } from './invalidation-wire.js';
import type { Invalidation } from './types.js';

const ids = (count: number) => Array.from({ length: count }, (_, i) => `${i}`.padStart(43, 'x'));

describe('invalidations on the wire', () => {
  it('every kind of message reads back as it was sent, with its origin', () => {
    const messages: Invalidation[] = [
      { kind: 'sessions', ids: ['a', 'b'] },
      { kind: 'user', userId: 'ü 42' },
      { kind: 'all' },
    ];
    for (const message of messages) {
      const [text] = encodeInvalidation('p1', message);
      expect(decodeInvalidation(text as string)).toStrictEqual({ origin: 'p1', message });
    }
  });

  it('a long id list is split into complete messages under the byte limit, losing no id', () => {
    const all = ids(1000);
    const texts = encodeInvalidation('p1', { kind: 'sessions', ids: all }, 7_900);
    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(7_900);
    const back = texts.flatMap((text) => {
      const wire = decodeInvalidation(text);
      return wire?.message.kind === 'sessions' ? wire.message.ids : [];
    });
    expect(back).toStrictEqual(all);
  });

  it('a short message stays one text', () => {
    expect(encodeInvalidation('p1', { kind: 'sessions', ids: ids(3) }, 7_900)).toHaveLength(1);
  });

  it('text that is not a well-formed message reads as null', () => {
    for (const text of [
      '',
      'not json',
      '[]',
      'null',
      '{"origin":1,"message":{"kind":"all"}}',
      '{"origin":"p","message":{"kind":"user"}}',
      '{"origin":"p","message":{"kind":"sessions","ids":[1]}}',
      '{"origin":"p","message":{"kind":"everything"}}',
    ]) {
      expect(decodeInvalidation(text), text).toBeNull();
    }
  });
});
