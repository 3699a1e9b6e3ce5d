/** How many worker processes the app starts: `--workers N` over `WEB_CONCURRENCY`, checked. */
import { describe, expect, it } from 'vitest';
import { workerCount } from '../../app/cluster.js';
import { ConfigError } from '../../app/config.js';

describe('workerCount', () => {
  it('is 1 (a single process) when neither the flag nor WEB_CONCURRENCY is given', () => {
    expect(workerCount([], {})).toBe(1);
    expect(workerCount([], { WEB_CONCURRENCY: '' })).toBe(1);
  });

  it('reads WEB_CONCURRENCY, and --workers (either spelling) wins over it', () => {
    expect(workerCount([], { WEB_CONCURRENCY: '4' })).toBe(4);
    expect(workerCount(['--workers', '2'], { WEB_CONCURRENCY: '4' })).toBe(2);
    expect(workerCount(['--workers=3'], {})).toBe(3);
  });

  it('refuses anything but a whole number from 1 to 256, naming where it came from', () => {
    for (const value of ['0', '-1', '1.5', 'two', '257', '9999']) {
      expect(() => workerCount([], { WEB_CONCURRENCY: value }), value).toThrow(
        /WEB_CONCURRENCY must be a whole number/,
      );
      expect(() => workerCount(['--workers', value], {}), value).toThrow(/--workers must be/);
    }
    expect(() => workerCount(['--workers'], {})).toThrow(ConfigError);
  });

  it('refuses an argument it does not know', () => {
    expect(() => workerCount(['--wrokers', '2'], {})).toThrow(/Unknown argument "--wrokers"/);
  });
});
