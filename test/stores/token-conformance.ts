/** @module The TokenStore half of the conformance suite. */
import { expect, it } from 'vitest';
import type { TokenRecord } from '../../src/stores/types.js';
import type { CurrentStores, Expiry } from './conformance.js';
import { HOUR, MINUTE, makeToken, RICH_DATA, T0 } from './fixtures.js';

/** Defines the token tests; `current()` yields the stores of the running test. */
export function tokenConformance(current: CurrentStores, expiry: Expiry = 'sweep'): void {
  const tokens = () => current().tokens;
  const rotation = {
    hash: 'hash-1',
    previousHash: 'hash-0',
    rotatedAt: T0 + MINUTE,
    expiresAt: T0 + 2 * HOUR,
  };

  it('get() returns a created token with every field intact', async () => {
    const full = makeToken({
      purpose: 'email-change',
      previousHash: 'hash-prev',
      rotatedAt: T0 - MINUTE,
      expiresAt: 8_640_000_000_000_000,
      data: RICH_DATA,
    });
    await tokens().create(full);
    expect(await tokens().get(full.selector)).toStrictEqual(full);
  });

  it('get() returns a token with null fields and null data intact', async () => {
    const bare = makeToken();
    await tokens().create(bare);
    expect(await tokens().get(bare.selector)).toStrictEqual(bare);
  });

  it('get() returns null for an unknown selector', async () => {
    expect(await tokens().get('no-such-selector')).toBeNull();
  });

  it('create() rejects a second token with the same selector', async () => {
    const first = makeToken();
    await tokens().create(first);
    await expect(tokens().create({ ...first, hash: 'other' })).rejects.toThrow();
    expect(await tokens().get(first.selector)).toStrictEqual(first);
  });

  it('rotate() replaces the hash when the expected hash matches, once', async () => {
    const before = makeToken({ purpose: 'remember', data: { device: 'phone' } });
    await tokens().create(before);
    expect(await tokens().rotate(before.selector, 'hash-0', rotation)).toBe(true);
    expect(await tokens().get(before.selector)).toStrictEqual({ ...before, ...rotation });
    expect(await tokens().rotate(before.selector, 'hash-0', { ...rotation, hash: 'hash-2' })).toBe(
      false,
    );
    expect((await tokens().get(before.selector))?.hash).toBe('hash-1');
  });

  it('rotate() refuses a stale or unknown expected hash and an unknown selector', async () => {
    const before = makeToken();
    await tokens().create(before);
    expect(await tokens().rotate(before.selector, 'stale', rotation)).toBe(false);
    expect(await tokens().rotate('ghost', 'hash-0', rotation)).toBe(false);
    expect(await tokens().get(before.selector)).toStrictEqual(before);
    expect(await tokens().get('ghost')).toBeNull();
  });

  it('rotate() lets exactly one of concurrent callers with the same expected hash win', async () => {
    const before = makeToken({ purpose: 'remember' });
    await tokens().create(before);
    const attempts = Array.from({ length: 10 }, (_, i) =>
      tokens().rotate(before.selector, 'hash-0', { ...rotation, hash: `hash-${i + 1}` }),
    );
    const results = await Promise.all(attempts);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await tokens().get(before.selector))?.hash).toBe(`hash-${winner + 1}`);
  });

  it('consume() returns the token once, deleting it, then null', async () => {
    const token = makeToken({ data: { email: 'new@example.com' } });
    await tokens().create(token);
    expect(await tokens().consume(token.selector, 'reset', T0)).toStrictEqual(token);
    expect(await tokens().consume(token.selector, 'reset', T0)).toBeNull();
    expect(await tokens().get(token.selector)).toBeNull();
  });

  it('consume() refuses a token of another purpose and leaves it in place', async () => {
    const token = makeToken({ purpose: 'confirm' });
    await tokens().create(token);
    expect(await tokens().consume(token.selector, 'reset', T0)).toBeNull();
    expect(await tokens().get(token.selector)).toStrictEqual(token);
  });

  it('consume() refuses a token expired at or before now, and an unknown selector', async () => {
    const token = makeToken({ expiresAt: T0 + HOUR });
    await tokens().create(token);
    expect(await tokens().consume(token.selector, 'reset', T0 + HOUR)).toBeNull();
    expect(await tokens().consume(token.selector, 'reset', T0 + 2 * HOUR)).toBeNull();
    expect(await tokens().consume('ghost', 'reset', T0)).toBeNull();
    expect(await tokens().get(token.selector)).toStrictEqual(token);
    expect(await tokens().consume(token.selector, 'reset', T0 + HOUR - 1)).toStrictEqual(token);
  });

  it('consume() gives the token to exactly one of ten concurrent callers', async () => {
    const token = makeToken();
    await tokens().create(token);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => tokens().consume(token.selector, 'reset', T0)),
    );
    const winners = results.filter((result) => result !== null);
    expect(winners).toStrictEqual([token]);
  });

  it('touch() moves only the expiry, and ignores an unknown selector', async () => {
    const before = makeToken({ purpose: 'remember' });
    await tokens().create(before);
    await tokens().touch(before.selector, T0 + 30 * HOUR);
    await tokens().touch('ghost', T0 + 30 * HOUR);
    expect(await tokens().get(before.selector)).toStrictEqual({
      ...before,
      expiresAt: T0 + 30 * HOUR,
    });
    expect(await tokens().get('ghost')).toBeNull();
  });

  it('delete() removes that token only, and ignores an unknown selector', async () => {
    const gone = makeToken();
    const kept = makeToken();
    await tokens().create(gone);
    await tokens().create(kept);
    await tokens().delete(gone.selector);
    await tokens().delete('ghost');
    expect(await tokens().get(gone.selector)).toBeNull();
    expect(await tokens().get(kept.selector)).toStrictEqual(kept);
  });

  it('deleteForUser() with a purpose deletes only that purpose and counts', async () => {
    const remember = [makeToken({ purpose: 'remember' }), makeToken({ purpose: 'remember' })];
    const reset = makeToken({ purpose: 'reset' });
    const theirs = makeToken({ userId: 'user-2', purpose: 'remember' });
    for (const t of [...remember, reset, theirs]) await tokens().create(t);
    expect(await tokens().deleteForUser('user-1', 'remember')).toBe(2);
    for (const t of remember) expect(await tokens().get(t.selector)).toBeNull();
    expect(await tokens().get(reset.selector)).toStrictEqual(reset);
    expect(await tokens().get(theirs.selector)).toStrictEqual(theirs);
  });

  it('deleteForUser() without a purpose deletes every token of the user', async () => {
    const mine = [makeToken({ purpose: 'remember' }), makeToken({ expiresAt: T0 - 1 })];
    const theirs = makeToken({ userId: 'user-2' });
    for (const t of [...mine, theirs]) await tokens().create(t);
    expect(await tokens().deleteForUser('user-1')).toBe(2);
    expect(await tokens().deleteForUser('user-1')).toBe(0);
    expect(await tokens().get(theirs.selector)).toStrictEqual(theirs);
  });

  it("listForUser() returns the user's live tokens newest first, filtered by purpose", async () => {
    const now = T0 + HOUR;
    const older = makeToken({ purpose: 'remember', createdAt: T0, expiresAt: now + 1 });
    const newer = makeToken({ purpose: 'reset', createdAt: T0 + MINUTE, expiresAt: now + HOUR });
    const newest = makeToken({
      purpose: 'remember',
      createdAt: T0 + 2 * MINUTE,
      expiresAt: now + HOUR,
    });
    const expired = makeToken({ purpose: 'remember', createdAt: T0 + 3 * MINUTE, expiresAt: now });
    const theirs = makeToken({ userId: 'user-2', purpose: 'remember', expiresAt: now + HOUR });
    for (const t of [older, newer, newest, expired, theirs]) await tokens().create(t);
    expect(await tokens().listForUser('user-1', now)).toStrictEqual([newest, newer, older]);
    expect(await tokens().listForUser('user-1', now, 'remember')).toStrictEqual([newest, older]);
    expect(await tokens().listForUser('user-1', now, 'confirm')).toEqual([]);
  });

  if (expiry === 'sweep') {
    it('deleteExpired() removes tokens expiring at or before now and counts them', async () => {
      const now = T0 + HOUR;
      const expired = [
        makeToken({ expiresAt: now }),
        makeToken({ userId: 'user-2', expiresAt: 1 }),
      ];
      const alive = makeToken({ expiresAt: now + 1 });
      for (const t of [...expired, alive]) await tokens().create(t);
      expect(await tokens().deleteExpired(now)).toBe(2);
      for (const t of expired) expect(await tokens().get(t.selector)).toBeNull();
      expect(await tokens().get(alive.selector)).toStrictEqual(alive);
    });
  } else {
    it('a token whose expiry has passed on the store clock is gone without deleteExpired()', async () => {
      const past = Date.now() - MINUTE;
      const ended = makeToken({ createdAt: past - HOUR, expiresAt: past });
      const alive = makeToken({ userId: 'user-2' });
      for (const t of [ended, alive]) await tokens().create(t);
      expect(await tokens().get(ended.selector)).toBeNull();
      expect(await tokens().consume(ended.selector, 'reset', 0)).toBeNull();
      expect(await tokens().listForUser('user-1', 0)).toEqual([]);
      expect(await tokens().deleteExpired(Date.now())).toBe(0);
      expect(await tokens().get(alive.selector)).toStrictEqual(alive);
    });
  }

  it('records are copies: mutating what was passed in or returned changes nothing stored', async () => {
    const data = { email: 'a@example.com' };
    const input = makeToken({ data });
    await tokens().create(input);
    data.email = 'mutated input';
    const got = (await tokens().get(input.selector)) as TokenRecord;
    (got.data as { email: string }).email = 'mutated output';
    (got as { hash: string }).hash = 'mutated hash';
    const listed = await tokens().listForUser('user-1', T0);
    (listed[0]?.data as { email: string }).email = 'mutated list';
    expect(await tokens().get(input.selector)).toStrictEqual({
      ...input,
      data: { email: 'a@example.com' },
    });
  });
}
