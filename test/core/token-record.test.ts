import { describe, expect, it } from 'vitest';
import { systemRandom } from '../../src/clock.js';
import { hashSecret } from '../../src/core/token.js';
import {
  findTokenRecord,
  issueTokenRecord,
  writeTokenRecord,
} from '../../src/core/token-record.js';
import { createMemoryStores } from '../../src/stores/memory/index.js';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;

function issue(purpose = 'reset', expiresAt = NOW + HOUR) {
  const { tokens } = createMemoryStores();
  return {
    tokens,
    issued: issueTokenRecord(tokens, systemRandom, {
      userId: 'u1',
      purpose,
      createdAt: NOW,
      expiresAt,
      data: { note: 'x' },
    }),
  };
}

describe('token records: issuing', () => {
  it('stores the selector and a hash of the validator, never the value handed out', async () => {
    const { tokens, issued } = issue();
    const { value, record } = await issued;
    const [selector, validator] = value.split('.');
    expect(record.selector).toBe(selector);
    expect(record.hash).toBe(hashSecret(validator ?? ''));
    expect(JSON.stringify(await tokens.get(record.selector))).not.toContain(validator);
    expect(record).toMatchObject({ userId: 'u1', purpose: 'reset', data: { note: 'x' } });
  });

  it('writeTokenRecord keeps the chosen selector and hash', async () => {
    const { tokens } = createMemoryStores();
    await writeTokenRecord(tokens, 'a'.repeat(22), 'h', {
      userId: 'u1',
      purpose: 'marker',
      createdAt: NOW,
      expiresAt: NOW + HOUR,
    });
    expect(await tokens.get('a'.repeat(22))).toMatchObject({ hash: 'h', previousHash: null });
  });
});

describe('token records: checking a presented value', () => {
  it('the value just issued is current for its purpose', async () => {
    const { tokens, issued } = issue();
    const { value } = await issued;
    expect((await findTokenRecord(tokens, value, 'reset', NOW)).kind).toBe('current');
  });

  it('another purpose, expiry, unknown selectors and malformed values are invalid', async () => {
    const { tokens, issued } = issue();
    const { value } = await issued;
    const [selector] = value.split('.');
    const other = `${'b'.repeat(22)}.${'c'.repeat(43)}`;
    for (const [presented, purpose, at] of [
      [value, 'confirm', NOW],
      [value, 'reset', NOW + HOUR],
      [other, 'reset', NOW],
      [`${selector}.short`, 'reset', NOW],
      [42, 'reset', NOW],
      [undefined, 'reset', NOW],
      [`${value}x`, 'reset', NOW],
    ] as const) {
      expect(await findTokenRecord(tokens, presented, purpose, at)).toEqual({ kind: 'invalid' });
    }
  });

  it('a live selector with a wrong validator is a mismatch, naming its owner', async () => {
    const { tokens, issued } = issue();
    const { value } = await issued;
    const forged = `${value.slice(0, 23)}${'z'.repeat(43)}`;
    const match = await findTokenRecord(tokens, forged, 'reset', NOW);
    expect(match.kind).toBe('mismatch');
    expect(match.kind === 'mismatch' && match.record.userId).toBe('u1');
  });

  it('the validator before the last rotation is previous, and the new one current', async () => {
    const { tokens, issued } = issue('remember');
    const { value, record } = await issued;
    const next = `${record.selector}.${'n'.repeat(43)}`;
    await tokens.rotate(record.selector, record.hash, {
      hash: hashSecret('n'.repeat(43)),
      previousHash: record.hash,
      rotatedAt: NOW,
      expiresAt: record.expiresAt,
    });
    expect((await findTokenRecord(tokens, value, 'remember', NOW)).kind).toBe('previous');
    expect((await findTokenRecord(tokens, next, 'remember', NOW)).kind).toBe('current');
  });
});
