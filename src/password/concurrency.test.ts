import { describe, expect, it } from 'vitest';
import {
  defaultPasswordConcurrency,
  libuvThreadpoolSize,
  sharedPasswordLimiter,
} from './concurrency.js';

describe('libuvThreadpoolSize', () => {
  it('reads UV_THREADPOOL_SIZE the way libuv does: 4 when unset, 1 to 1024 otherwise', () => {
    expect(libuvThreadpoolSize(undefined)).toBe(4);
    expect(libuvThreadpoolSize('8')).toBe(8);
    expect(libuvThreadpoolSize('0')).toBe(1);
    expect(libuvThreadpoolSize('nonsense')).toBe(1);
    expect(libuvThreadpoolSize('5000')).toBe(1024);
  });
});

describe('defaultPasswordConcurrency', () => {
  it('leaves one libuv thread free on a machine with many cores', () => {
    expect(defaultPasswordConcurrency(16, 4)).toBe(3);
    expect(defaultPasswordConcurrency(16, 9)).toBe(8);
  });

  it('runs at most one hash per core', () => {
    expect(defaultPasswordConcurrency(2, 4)).toBe(2);
  });

  it('never drops below one, even with a one-thread pool', () => {
    expect(defaultPasswordConcurrency(4, 1)).toBe(1);
    expect(defaultPasswordConcurrency(1, 2)).toBe(1);
  });
});

describe('sharedPasswordLimiter', () => {
  it('is one limiter for the whole process, sized by the default concurrency', () => {
    expect(sharedPasswordLimiter()).toBe(sharedPasswordLimiter());
    expect(sharedPasswordLimiter().limit).toBe(defaultPasswordConcurrency());
  });
});
