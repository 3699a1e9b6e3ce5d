/** @module Emailed link tokens: stored hashed, bound to a purpose, used once, voided per user. */
import { describe, expect, it } from 'vitest';
import { systemRandom } from '../clock.js';
import { MemoryTokenStore } from '../stores/memory/token-store.js';
import type { TokenStore } from '../stores/types.js';
import { createTestClock } from '../testing/index.js';
import { createLinkTokens } from './link-tokens.js';

function setup() {
  const clock = createTestClock();
  const tokens = new MemoryTokenStore();
  return { clock, tokens, links: createLinkTokens(tokens, clock.now, systemRandom) };
}

describe('link tokens', () => {
  it('issue() stores only the selector and a hash of the validator', async () => {
    const { tokens, links } = setup();
    const value = await links.issue('u1', 'reset', 60_000, { email: 'x@example.com' });
    const [selector = '', validator = ''] = value.split('.');
    const record = await tokens.get(selector);
    expect(record).toMatchObject({
      userId: 'u1',
      purpose: 'reset',
      data: { email: 'x@example.com' },
    });
    expect(JSON.stringify(record)).not.toContain(validator);
  });

  it('read() checks purpose, expiry and validator, and leaves the token in place', async () => {
    const { clock, links } = setup();
    const value = await links.issue('u1', 'confirm', 60_000);
    expect(await links.read(value, 'reset')).toBeNull();
    expect(
      await links.read(`${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`, 'confirm'),
    ).toBeNull();
    expect(await links.read(value, 'confirm')).toMatchObject({ userId: 'u1' });
    expect(await links.read(value, 'confirm')).toMatchObject({ userId: 'u1' });
    clock.advance(60_000);
    expect(await links.read(value, 'confirm')).toBeNull();
  });

  it('take() gives the token to exactly one of many concurrent callers', async () => {
    const { links } = setup();
    const value = await links.issue('u1', 'reset', 60_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => links.take(value, 'reset')));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('refuses values that are not tokens without touching the store', async () => {
    const untouchable = new Proxy({} as TokenStore, {
      get: (_, method) => () => {
        throw new Error(`the store was asked to ${String(method)}`);
      },
    });
    const links = createLinkTokens(untouchable, createTestClock().now, systemRandom);
    for (const value of ['', 'x.y', undefined, 42, `${'a'.repeat(22)}.${'b'.repeat(42)}`]) {
      expect(await links.take(value, 'reset')).toBeNull();
    }
  });

  it('voidAll() ends every token of the given purposes for one user only', async () => {
    const { links } = setup();
    const a = await links.issue('u1', 'reset', 60_000);
    const b = await links.issue('u1', 'email-change', 60_000);
    const c = await links.issue('u1', 'confirm', 60_000);
    const d = await links.issue('u2', 'reset', 60_000);
    await links.voidAll('u1', 'reset', 'email-change');
    expect(await links.read(a, 'reset')).toBeNull();
    expect(await links.read(b, 'email-change')).toBeNull();
    expect(await links.read(c, 'confirm')).not.toBeNull();
    expect(await links.read(d, 'reset')).not.toBeNull();
  });
});
