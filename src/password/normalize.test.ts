import { describe, expect, it } from 'vitest';
import { codePointLength, normalizePassword, utf8ByteLength } from './normalize.js';

describe('normalizePassword', () => {
  it('folds ligatures, full-width letters and decomposed accents to one NFKC form', () => {
    expect(normalizePassword('ﬁsh')).toBe('fish');
    expect(normalizePassword('ｐａｓｓ')).toBe('pass');
    expect(normalizePassword('cafe\u0301')).toBe('caf\u00e9');
  });
});

describe('codePointLength', () => {
  it('counts an emoji outside the BMP as one character', () => {
    expect('😀'.length).toBe(2);
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength('ab😀')).toBe(3);
  });
});

describe('utf8ByteLength', () => {
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(utf8ByteLength('a')).toBe(1);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('😀')).toBe(4);
  });
});
