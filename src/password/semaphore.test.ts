import { describe, expect, it } from 'vitest';
import { LatchkeyError } from '../errors.js';
import { createSemaphore } from './semaphore.js';
import { deferred, turn } from './test-support/deferred.js';

describe('createSemaphore', () => {
  it('with limit 1 starts a second task only after the first one finishes', async () => {
    const limiter = createSemaphore(1);
    const first = deferred<string>();
    const events: string[] = [];

    const a = limiter.run(() => {
      events.push('first started');
      return first.promise;
    });
    const b = limiter.run(async () => {
      events.push('second started');
      return 'b';
    });
    await turn();

    expect(events).toEqual(['first started']);
    expect(limiter.active).toBe(1);
    expect(limiter.waiting).toBe(1);

    first.resolve('a');
    await expect(a).resolves.toBe('a');
    await expect(b).resolves.toBe('b');
    expect(events).toEqual(['first started', 'second started']);
    expect(limiter.active).toBe(0);
  });

  it('runs up to the limit at once and starts waiting tasks in arrival order', async () => {
    const limiter = createSemaphore(2);
    const gates = [deferred<void>(), deferred<void>(), deferred<void>(), deferred<void>()];
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      limiter.run(() => {
        started.push(index);
        return gate.promise;
      }),
    );
    await turn();
    expect(started).toEqual([0, 1]);

    gates[1]?.resolve();
    await turn();
    expect(started).toEqual([0, 1, 2]);

    gates[0]?.resolve();
    await turn();
    expect(started).toEqual([0, 1, 2, 3]);

    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(limiter.active).toBe(0);
  });

  it('frees the slot when a task rejects, and passes the rejection on', async () => {
    const limiter = createSemaphore(1);
    const failing = deferred<never>();
    const a = limiter.run(() => failing.promise);
    const b = limiter.run(async () => 'after');
    failing.reject(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    await expect(b).resolves.toBe('after');
    expect(limiter.active).toBe(0);
  });

  it('throws config_invalid for a limit that is not a positive integer', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      expect(() => createSemaphore(limit)).toThrow(LatchkeyError);
      expect(() => createSemaphore(limit)).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      );
    }
  });
});
