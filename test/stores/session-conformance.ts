/** @module The SessionStore half of the conformance suite. */
import { expect, it } from 'vitest';
import type { SessionRecord } from '../../src/stores/types.js';
import type { CurrentStores, Expiry } from './conformance.js';
import { HOUR, MINUTE, makeSession, RICH_DATA, T0 } from './fixtures.js';

/** Defines the session tests; `current()` yields the stores of the running test. */
export function sessionConformance(current: CurrentStores, expiry: Expiry = 'sweep'): void {
  const sessions = () => current().sessions;

  it('get() returns a created session with every field intact', async () => {
    const full = makeSession({
      lastSeenAt: T0 + MINUTE,
      expiresAt: T0 + HOUR,
      absoluteExpiresAt: 8_640_000_000_000_000,
      freshAt: T0 + 1,
      remembered: true,
      rememberSelector: 'sel-1',
      fingerprint: 'fp-hash',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      address: '2001:db8::1',
      data: RICH_DATA,
    });
    await sessions().create(full);
    expect(await sessions().get(full.id)).toStrictEqual(full);
  });

  it('get() returns a session with null fields, false flags and empty data intact', async () => {
    const bare = makeSession();
    await sessions().create(bare);
    expect(await sessions().get(bare.id)).toStrictEqual(bare);
  });

  it('get() returns null for an unknown id', async () => {
    expect(await sessions().get('no-such-session')).toBeNull();
  });

  it('create() rejects a second session with the same id', async () => {
    const first = makeSession();
    await sessions().create(first);
    await expect(sessions().create({ ...first, userId: 'user-2' })).rejects.toThrow();
    expect(await sessions().get(first.id)).toStrictEqual(first);
  });

  it('update() with activity changes only lastSeenAt and expiresAt', async () => {
    const before = makeSession({ data: { csrf: 'x' }, freshAt: T0 });
    await sessions().create(before);
    await sessions().update(before.id, { lastSeenAt: T0 + 5 * MINUTE, expiresAt: T0 + 2 * HOUR });
    const after = { ...before, lastSeenAt: T0 + 5 * MINUTE, expiresAt: T0 + 2 * HOUR };
    expect(await sessions().get(before.id)).toStrictEqual(after);
  });

  it('update() with activity of an unknown id creates nothing', async () => {
    await sessions().update('ghost', { lastSeenAt: T0, expiresAt: T0 + HOUR });
    expect(await sessions().get('ghost')).toBeNull();
  });

  it('update() changes only the named fields', async () => {
    const before = makeSession({ fingerprint: 'fp', userAgent: 'ua', data: { a: 1 } });
    await sessions().create(before);
    await sessions().update(before.id, { freshAt: T0 + 7, data: { b: [2] } });
    const after = { ...before, freshAt: T0 + 7, data: { b: [2] } };
    expect(await sessions().get(before.id)).toStrictEqual(after);
  });

  it('update() writes every patchable field, including nulls', async () => {
    const before = makeSession({ freshAt: T0, fingerprint: 'fp', address: '10.0.0.1' });
    await sessions().create(before);
    const patch = {
      lastSeenAt: T0 + MINUTE,
      expiresAt: T0 + 3 * HOUR,
      freshAt: null,
      fingerprint: null,
      address: '10.0.0.2',
      userAgent: 'curl/8',
      data: RICH_DATA,
    };
    await sessions().update(before.id, patch);
    expect(await sessions().get(before.id)).toStrictEqual({ ...before, ...patch });
  });

  it('update() with an empty patch changes nothing', async () => {
    const before = makeSession({ data: { keep: true } });
    await sessions().create(before);
    await sessions().update(before.id, {});
    expect(await sessions().get(before.id)).toStrictEqual(before);
  });

  it('update() of an unknown id is a no-op', async () => {
    await sessions().update('ghost', { freshAt: T0, data: { x: 1 } });
    expect(await sessions().get('ghost')).toBeNull();
  });

  it('delete() removes that session only, and ignores an unknown id', async () => {
    const gone = makeSession();
    const kept = makeSession();
    await sessions().create(gone);
    await sessions().create(kept);
    await sessions().delete(gone.id);
    await sessions().delete('ghost');
    expect(await sessions().get(gone.id)).toBeNull();
    expect(await sessions().get(kept.id)).toStrictEqual(kept);
  });

  it('deleteForUser() deletes every session of the user and returns exactly their ids', async () => {
    const mine = [makeSession(), makeSession({ expiresAt: T0 - 1 }), makeSession()];
    const theirs = makeSession({ userId: 'user-2' });
    for (const s of [...mine, theirs]) await sessions().create(s);
    const deleted = await sessions().deleteForUser('user-1');
    expect([...deleted].sort()).toEqual(mine.map((s) => s.id).sort());
    for (const s of mine) expect(await sessions().get(s.id)).toBeNull();
    expect(await sessions().get(theirs.id)).toStrictEqual(theirs);
  });

  it('deleteForUser() keeps the session named by exceptId', async () => {
    const [keep, drop1, drop2] = [makeSession(), makeSession(), makeSession()];
    for (const s of [keep, drop1, drop2]) await sessions().create(s);
    const deleted = await sessions().deleteForUser('user-1', { exceptId: keep.id });
    expect([...deleted].sort()).toEqual([drop1.id, drop2.id].sort());
    expect(await sessions().get(keep.id)).toStrictEqual(keep);
    expect(await sessions().get(drop1.id)).toBeNull();
  });

  it('deleteForUser() returns an empty list for a user without sessions', async () => {
    await sessions().create(makeSession({ userId: 'user-2' }));
    expect(await sessions().deleteForUser('user-1')).toEqual([]);
    expect(await sessions().deleteForUser('user-1', { exceptId: 'x' })).toEqual([]);
  });

  it("listForUser() returns the user's live sessions newest first", async () => {
    const now = T0 + HOUR;
    const oldest = makeSession({ createdAt: T0, expiresAt: now + 1 });
    const newest = makeSession({ createdAt: T0 + 2 * MINUTE, expiresAt: now + HOUR });
    const middle = makeSession({ createdAt: T0 + MINUTE, expiresAt: now + HOUR });
    const expiredNow = makeSession({ createdAt: T0 + 3 * MINUTE, expiresAt: now });
    const expiredBefore = makeSession({ createdAt: T0 + 4 * MINUTE, expiresAt: now - 1 });
    const otherUser = makeSession({ userId: 'user-2', createdAt: T0, expiresAt: now + HOUR });
    for (const s of [oldest, newest, middle, expiredNow, expiredBefore, otherUser]) {
      await sessions().create(s);
    }
    expect(await sessions().listForUser('user-1', now)).toStrictEqual([newest, middle, oldest]);
    expect(await sessions().listForUser('user-3', now)).toEqual([]);
  });

  if (expiry === 'sweep') {
    it('deleteExpired() removes sessions expiring at or before now and counts them', async () => {
      const now = T0 + HOUR;
      const expired = [makeSession({ expiresAt: now }), makeSession({ expiresAt: now - HOUR })];
      const alive = makeSession({ userId: 'user-2', expiresAt: now + 1 });
      for (const s of [...expired, alive]) await sessions().create(s);
      expect(await sessions().deleteExpired(now)).toBe(2);
      for (const s of expired) expect(await sessions().get(s.id)).toBeNull();
      expect(await sessions().get(alive.id)).toStrictEqual(alive);
      expect(await sessions().deleteExpired(now)).toBe(0);
    });
  } else {
    it('a session whose expiry has passed on the store clock is gone without deleteExpired()', async () => {
      const past = Date.now() - MINUTE;
      const ended = makeSession({ createdAt: past - HOUR, lastSeenAt: past, expiresAt: past });
      const alive = makeSession({ userId: 'user-2' });
      for (const s of [ended, alive]) await sessions().create(s);
      expect(await sessions().get(ended.id)).toBeNull();
      expect(await sessions().listForUser('user-1', 0)).toEqual([]);
      expect(await sessions().deleteExpired(Date.now())).toBe(0);
      expect(await sessions().get(alive.id)).toStrictEqual(alive);
    });
  }

  it('records are copies: mutating what was passed in or returned changes nothing stored', async () => {
    const data = { csrf: 'original', nested: { n: 1 } };
    const input = makeSession({ data });
    await sessions().create(input);
    data.csrf = 'mutated input';
    data.nested.n = 2;
    const first = (await sessions().get(input.id)) as SessionRecord;
    const firstData = first.data as { csrf: string; nested: { n: number } };
    firstData.csrf = 'mutated output';
    firstData.nested.n = 3;
    (first as { userId: string }).userId = 'someone-else';
    const listed = await sessions().listForUser('user-1', T0);
    (listed[0]?.data as { csrf: string }).csrf = 'mutated list';
    expect(await sessions().get(input.id)).toStrictEqual({
      ...input,
      data: { csrf: 'original', nested: { n: 1 } },
    });
    const patchData = { csrf: 'patched' };
    await sessions().update(input.id, { data: patchData });
    patchData.csrf = 'mutated patch';
    expect((await sessions().get(input.id))?.data).toStrictEqual({ csrf: 'patched' });
  });
}
