/**
 * Random hostile Cookie headers through the whole request path: whatever the
 * bytes, the answer is 200 anonymous or a guard's 401, never a 5xx. Seeded, so a
 * failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';

/** A small deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Printable Latin-1 only: a fetch Request refuses other header bytes before any adapter sees them.
const ALPHABET = ' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~\u00a0\u00e9\u00ff';
const NAMES = ['session', 'remember_token', 'flash', 'next', '__proto__', ''];

function hostileHeader(random: () => number): string {
  const pairs: string[] = [];
  const count = 1 + Math.floor(random() * 6);
  for (let i = 0; i < count; i++) {
    const name = NAMES[Math.floor(random() * NAMES.length)] ?? '';
    const length = Math.floor(random() * (random() < 0.1 ? 6000 : 80));
    let value = '';
    for (let j = 0; j < length; j++) value += ALPHABET[Math.floor(random() * ALPHABET.length)];
    pairs.push(random() < 0.2 ? value : `${name}=${value}`);
  }
  return pairs.join(random() < 0.5 ? '; ' : ';');
}

describe('random Cookie headers', () => {
  it('500 seeded hostile headers never cause a 5xx on an open or a guarded route', async () => {
    const h = createHarness({ protection: 'strong' });
    const random = seeded(20261121);
    const statuses = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const cookie = hostileHeader(random);
      const open = await h.app.request('/whoami', { headers: { cookie } });
      const guarded = await h.app.request('/secret', { headers: { cookie } });
      statuses.add(open.status);
      statuses.add(guarded.status);
      expect(await open.json(), cookie).toMatchObject({ name: null });
    }
    expect([...statuses].sort()).toEqual([200, 401]);
  });
});
