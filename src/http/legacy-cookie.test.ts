import { describe, expect, it } from 'vitest';
import { decodeLegacyCookie, encodeLegacyCookie } from './legacy-cookie.js';

// Computed with Python: hmac.new(key, payload.encode('utf-8'), hashlib.sha512).hexdigest().
const DIGEST_1_DETERMINISTIC =
  '0e9e6e9855fbe6df7906ec4737578a1d491b38d3fd5246c1561016e189d6516043286501ca43257c938e60aad77acec5ce916b94ca9d00c0bb6f9883ae4b82ae';
// key 'clé'.encode('latin1'), payload '1'
const DIGEST_1_CLE =
  'e4b828bf202ded0175afbb934e09bb551ef3ba20bc6513a78d778042e8608d587a17665859786f56695052a1803feb8882f9272ac4e0cef2acedbe9473cc1310';
// key b'deterministic', payload '佐藤'
const DIGEST_SATO_DETERMINISTIC =
  '19eb6417c22e6e4ba7d9ca586d4778e3436a98c174be84347090be382a1ce3b4730f292c921228e1dbccf4a638ed10f9ec0fe31a979168fa2d49c0275705a74c';

describe('encodeLegacyCookie', () => {
  it("encodeLegacyCookie() matches Flask-Login's encode_cookie for a fixed key", () => {
    expect(encodeLegacyCookie('1', 'deterministic')).toBe(`1|${DIGEST_1_DETERMINISTIC}`);
  });

  it('encodeLegacyCookie() encodes a string key as Latin-1', () => {
    expect(encodeLegacyCookie('1', 'clé')).toBe(`1|${DIGEST_1_CLE}`);
    expect(encodeLegacyCookie('1', Buffer.from('clé', 'latin1'))).toBe(`1|${DIGEST_1_CLE}`);
  });

  it('encodeLegacyCookie() signs a Unicode payload as UTF-8', () => {
    expect(encodeLegacyCookie('佐藤', 'deterministic')).toBe(`佐藤|${DIGEST_SATO_DETERMINISTIC}`);
  });

  it('encodeLegacyCookie() throws config_invalid for a string key beyond Latin-1', () => {
    expect(() => encodeLegacyCookie('1', 'ключ')).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });
});

describe('decodeLegacyCookie', () => {
  it('decodeLegacyCookie() reads a cookie Flask-Login wrote', () => {
    expect(decodeLegacyCookie(`1|${DIGEST_1_DETERMINISTIC}`, 'deterministic')).toBe('1');
    expect(decodeLegacyCookie(`佐藤|${DIGEST_SATO_DETERMINISTIC}`, 'deterministic')).toBe('佐藤');
  });

  it('decodeLegacyCookie() returns what encodeLegacyCookie() signed', () => {
    for (const payload of ['1', 'user|with|bars', '', '佐藤', 'a'.repeat(500)]) {
      expect(decodeLegacyCookie(encodeLegacyCookie(payload, 's3cret'), 's3cret')).toBe(payload);
    }
  });

  it('decodeLegacyCookie() returns null for a bad digest or a missing bar', () => {
    expect(decodeLegacyCookie('Foo|BAD_BASH', 'deterministic')).toBeNull();
    expect(decodeLegacyCookie('no bar', 'deterministic')).toBeNull();
    expect(decodeLegacyCookie('', 'deterministic')).toBeNull();
    expect(decodeLegacyCookie('|', 'deterministic')).toBeNull();
    expect(decodeLegacyCookie(`2|${DIGEST_1_DETERMINISTIC}`, 'deterministic')).toBeNull();
    expect(decodeLegacyCookie(`1|${DIGEST_1_DETERMINISTIC.toUpperCase()}`, 'deterministic')).toBe(
      null,
    );
    expect(decodeLegacyCookie(`1|${DIGEST_1_DETERMINISTIC}x`, 'deterministic')).toBeNull();
    expect(decodeLegacyCookie(`1|${'é'.repeat(64)}`, 'deterministic')).toBeNull();
  });

  it('decodeLegacyCookie() returns null for values that are not strings', () => {
    for (const value of [undefined, null, 1, {}, [`1|${DIGEST_1_DETERMINISTIC}`]]) {
      expect(decodeLegacyCookie(value, 'deterministic')).toBeNull();
    }
  });

  it('decodeLegacyCookie() refuses a cookie signed with another key', () => {
    const cookie = encodeLegacyCookie('1', 'explicit');
    expect(decodeLegacyCookie(cookie, 'explicit')).toBe('1');
    expect(decodeLegacyCookie(cookie, 'other')).toBeNull();
  });

  it('decodeLegacyCookie() accepts a cookie signed with any key of a list', () => {
    const old = encodeLegacyCookie('7', 'previous');
    expect(decodeLegacyCookie(old, ['current', 'previous'])).toBe('7');
    expect(decodeLegacyCookie(old, ['current', 'another'])).toBeNull();
    expect(decodeLegacyCookie(old, [])).toBeNull();
  });

  it('decodeLegacyCookie() accepts a bytes key', () => {
    const key = new Uint8Array([0, 1, 2, 255]);
    expect(decodeLegacyCookie(encodeLegacyCookie('1', key), key)).toBe('1');
    expect(decodeLegacyCookie(`1|${DIGEST_1_CLE}`, Buffer.from('clé', 'latin1'))).toBe('1');
    expect(decodeLegacyCookie(`1|${DIGEST_1_CLE}`, [new Uint8Array([1]), 'clé'])).toBe('1');
  });

  it('decodeLegacyCookie() skips a string key beyond Latin-1 instead of throwing', () => {
    const cookie = encodeLegacyCookie('1', 'good');
    expect(decodeLegacyCookie(cookie, 'ключ')).toBeNull();
    expect(decodeLegacyCookie(cookie, ['ключ', 'good'])).toBe('1');
  });
});
