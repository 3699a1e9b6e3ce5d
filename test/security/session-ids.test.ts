/**
 * Session ids as ASVS asks for them: made fresh at every login from 256 random bits (43
 * base64url characters), never repeated, and kept by the store only as their SHA-256.
 */
import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/core/token.js';
import { createHarness } from '../support/harness.js';

describe('session ids', () => {
  it('are 43 base64url characters (256 random bits), distinct over 300 logins, stored only hashed', async () => {
    const h = createHarness();
    const seen = new Set<string>();
    const bits = new Array<number>(6 * 43).fill(0);
    for (let i = 0; i < 300; i++) {
      const client = h.client();
      await client.get('/login/1');
      const id = client.cookies.get('session')?.value ?? '';
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(id);
      // Tally each bit of the decoded id: a fixed or biased source shows up as a stuck bit.
      const bytes = Buffer.from(id, 'base64url');
      for (let bit = 0; bit < 256; bit++) {
        if ((bytes[bit >> 3] ?? 0) & (1 << (bit & 7))) bits[bit] = (bits[bit] ?? 0) + 1;
      }
      expect(await h.stores.sessions.get(id)).toBeNull();
      expect(await h.stores.sessions.get(hashSecret(id))).not.toBeNull();
    }
    expect(seen.size).toBe(300);
    for (const ones of bits.slice(0, 256)) expect(ones).toBeGreaterThan(90);
    for (const ones of bits.slice(0, 256)) expect(ones).toBeLessThan(210);
  });
});
