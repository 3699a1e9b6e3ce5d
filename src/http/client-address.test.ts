import { describe, expect, it } from 'vitest';
import { clientAddress, MAX_FORWARDED_ENTRIES } from './client-address.js';

describe('clientAddress with trustProxy false', () => {
  it('clientAddress() returns the socket address', () => {
    expect(clientAddress('203.0.113.7', null, false)).toBe('203.0.113.7');
  });

  it('clientAddress() ignores an X-Forwarded-For header the client wrote itself', () => {
    expect(clientAddress('203.0.113.7', '1.2.3.4', false)).toBe('203.0.113.7');
  });

  it('clientAddress() returns null without a socket address', () => {
    expect(clientAddress(null, '1.2.3.4', false)).toBeNull();
    expect(clientAddress('', null, false)).toBeNull();
  });
});

describe('clientAddress with a hop count', () => {
  it('clientAddress() with one hop returns the last X-Forwarded-For entry', () => {
    expect(clientAddress('10.0.0.1', '198.51.100.1, 203.0.113.7', 1)).toBe('203.0.113.7');
  });

  it('clientAddress() with one hop ignores the entries a client prepended', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
    expect(clientAddress('10.0.0.1', '1.2.3.4, 203.0.113.7', 1)).toBe('203.0.113.7');
  });

  it('clientAddress() with two hops skips both proxies', () => {
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.7, 10.0.0.1', 2)).toBe('203.0.113.7');
  });

  it('clientAddress() clamps a hop count past the chain to the leftmost entry', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.7, 10.0.0.1', 5)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', '203.0.113.7', Number.POSITIVE_INFINITY)).toBe('203.0.113.7');
  });

  it('clientAddress() with zero, negative or NaN hops returns the socket address', () => {
    for (const hops of [0, -1, Number.NaN]) {
      expect(clientAddress('10.0.0.1', '203.0.113.7', hops)).toBe('10.0.0.1');
    }
  });

  it('clientAddress() with hops falls back to the socket address without a header', () => {
    expect(clientAddress('10.0.0.1', null, 1)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', ' , ,', 1)).toBe('10.0.0.1');
  });

  it('clientAddress() returns null when the vouched-for entry is not an IP address', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.7, unknown', 1)).toBeNull();
  });
});

describe('clientAddress with a trusted list', () => {
  const trusted = ['10.0.0.0/8', '192.0.2.5'];

  it('clientAddress() walks left past trusted proxies to the first untrusted address', () => {
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.7, 192.0.2.5, 10.9.9.9', trusted)).toBe(
      '203.0.113.7',
    );
  });

  it('clientAddress() returns an untrusted socket address and ignores the header', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', trusted)).toBe('203.0.113.9');
  });

  it('clientAddress() returns the leftmost entry when every hop is trusted', () => {
    expect(clientAddress('10.0.0.2', '10.0.0.3, 10.0.0.4', trusted)).toBe('10.0.0.3');
  });

  it('clientAddress() stops at a hop that is not an IP address', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.7, _hidden, 10.0.0.1', trusted)).toBeNull();
  });

  it('clientAddress() understands the named ranges', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.7, ::1', ['loopback'])).toBe('203.0.113.7');
    expect(clientAddress('172.20.0.1', '203.0.113.7, fd00::1', ['uniquelocal'])).toBe(
      '203.0.113.7',
    );
    expect(clientAddress('fe80::1', '203.0.113.7', ['linklocal'])).toBe('203.0.113.7');
  });

  it('clientAddress() ignores unusable entries in the trusted list', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.7', ['nonsense', '10.0.0.0/99'])).toBe('10.0.0.1');
  });

  it('clientAddress() matches IPv6 entries whatever their spelling', () => {
    expect(clientAddress('0:0:0:0:0:0:0:1', '2001:DB8::7', ['::1'])).toBe('2001:db8::7');
  });

  it('clientAddress() follows changes to a reused trusted list', () => {
    const list = ['10.0.0.1'];
    expect(clientAddress('10.0.0.2', '203.0.113.7', list)).toBe('10.0.0.2');
    list.push('10.0.0.2');
    expect(clientAddress('10.0.0.2', '203.0.113.7', list)).toBe('203.0.113.7');
  });
});

describe('clientAddress normalisation', () => {
  it('clientAddress() strips the IPv4-mapped IPv6 prefix', () => {
    expect(clientAddress('::ffff:203.0.113.7', null, false)).toBe('203.0.113.7');
    expect(clientAddress('::FFFF:cb00:7107', null, false)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:10.0.0.1', '203.0.113.7', ['10.0.0.1'])).toBe('203.0.113.7');
  });

  it('clientAddress() matches an IPv4 address against a mapped range in the trusted list', () => {
    expect(clientAddress('10.1.1.1', '203.0.113.7', ['::ffff:10.0.0.0/104'])).toBe('203.0.113.7');
  });

  it('clientAddress() strips ports and brackets', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.7:4711', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.1', '[2001:db8::7]:4711', 1)).toBe('2001:db8::7');
    expect(clientAddress('10.0.0.1', '[2001:db8::8]', 1)).toBe('2001:db8::8');
    expect(clientAddress('[::1]:80', null, false)).toBe('::1');
  });

  it('clientAddress() trims entries and drops empty ones', () => {
    expect(clientAddress('10.0.0.1', ' 203.0.113.7 ,, ', 1)).toBe('203.0.113.7');
  });

  it('clientAddress() reads only the rightmost 32 entries of a long header', () => {
    const spoofed = Array.from({ length: 1000 }, (_, index) => `1.1.${index >> 8}.${index & 255}`);
    const header = [...spoofed, '203.0.113.7'].join(', ');
    expect(clientAddress('10.0.0.1', header, 1)).toBe('203.0.113.7');
    const leftmostKept = spoofed[spoofed.length - MAX_FORWARDED_ENTRIES + 1];
    expect(clientAddress('10.0.0.1', header, 1000)).toBe(leftmostKept);
    expect(clientAddress('10.0.0.1', header, ['1.0.0.0/8', '10.0.0.0/8'])).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.1', spoofed.join(','), ['1.0.0.0/8', '10.0.0.0/8'])).toBe(
      spoofed[spoofed.length - MAX_FORWARDED_ENTRIES],
    );
  });

  it('clientAddress() never throws on garbage', () => {
    const garbage = ['', ',', '[', '[]:', ']', '%', 'fe80::1%eth0', '\u0000', '1.2.3.4:99999999'];
    for (const value of garbage) {
      for (const trust of [false, 1, 3, ['10.0.0.0/8', 'fe80::/10']] as const) {
        expect(() => clientAddress(value, value, trust)).not.toThrow();
        expect(() => clientAddress('10.0.0.1', value, trust)).not.toThrow();
      }
    }
    expect(clientAddress('abc', null, false)).toBeNull();
  });
});
