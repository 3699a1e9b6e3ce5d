import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID_BYTES, accountIdFrom } from './account-id.js';

describe('accountIdFrom', () => {
  it('never starts an id with "-" or "_", whatever the first byte', () => {
    for (let first = 0; first < 256; first += 1) {
      const bytes = randomBytes(ACCOUNT_ID_BYTES);
      bytes[0] = first;
      const id = accountIdFrom(bytes);
      expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/);
    }
  });

  it('keeps every other id exactly as base64url encodes the bytes', () => {
    const bytes = Buffer.from(randomBytes(ACCOUNT_ID_BYTES));
    bytes[0] = 0x00;
    expect(accountIdFrom(bytes)).toBe(bytes.toString('base64url'));
    bytes[0] = 0xf8; // would encode as "-"
    expect(accountIdFrom(bytes)[0]).toBe('e');
    bytes[0] = 0xfc; // would encode as "_"
    expect(accountIdFrom(bytes)[0]).toBe('f');
  });

  it('refuses a byte count other than 16', () => {
    expect(() => accountIdFrom(new Uint8Array(15))).toThrow(RangeError);
  });
});
