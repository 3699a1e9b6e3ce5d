/** @module Tests for the in-process invalidation channel. */
import { describe, expect, it } from 'vitest';
import { createLocalInvalidationChannel } from './local-invalidation.js';
import type { Invalidation } from './types.js';

describe('createLocalInvalidationChannel', () => {
  it('publish() delivers a message to every listener before it resolves', async () => {
    const channel = createLocalInvalidationChannel();
    const first: Invalidation[] = [];
    const second: Invalidation[] = [];
    channel.subscribe((message) => first.push(message));
    channel.subscribe((message) => second.push(message));
    const message: Invalidation = { kind: 'sessions', ids: ['a', 'b'] };
    await channel.publish(message);
    expect(first).toEqual([message]);
    expect(second).toEqual([message]);
  });

  it('publish() delivers synchronously, before its promise is awaited', () => {
    const channel = createLocalInvalidationChannel();
    const seen: Invalidation[] = [];
    channel.subscribe((message) => seen.push(message));
    void channel.publish({ kind: 'user', userId: 'u1' });
    expect(seen).toEqual([{ kind: 'user', userId: 'u1' }]);
  });

  it('a throwing listener does not stop the others, and its error is reported', async () => {
    const errors: unknown[] = [];
    const channel = createLocalInvalidationChannel({ onListenerError: (e) => errors.push(e) });
    const seen: string[] = [];
    channel.subscribe(() => seen.push('before'));
    channel.subscribe(() => {
      throw new Error('broken cache');
    });
    channel.subscribe(() => seen.push('after'));
    await expect(channel.publish({ kind: 'user', userId: 'u1' })).resolves.toBeUndefined();
    expect(seen).toEqual(['before', 'after']);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('broken cache');
  });

  it('a throwing listener is tolerated without an error handler', async () => {
    const channel = createLocalInvalidationChannel();
    const seen: string[] = [];
    channel.subscribe(() => {
      throw new Error('broken cache');
    });
    channel.subscribe(() => seen.push('reached'));
    await channel.publish({ kind: 'user', userId: 'u1' });
    expect(seen).toEqual(['reached']);
  });

  it('the function subscribe() returns stops delivery to that listener only', async () => {
    const channel = createLocalInvalidationChannel();
    const seen: string[] = [];
    const stop = channel.subscribe(() => seen.push('stopped'));
    channel.subscribe(() => seen.push('kept'));
    stop();
    stop();
    await channel.publish({ kind: 'user', userId: 'u1' });
    expect(seen).toEqual(['kept']);
  });

  it('subscribing the same function twice delivers twice and unsubscribes independently', async () => {
    const channel = createLocalInvalidationChannel();
    let calls = 0;
    const listener = () => {
      calls += 1;
    };
    const stopFirst = channel.subscribe(listener);
    channel.subscribe(listener);
    await channel.publish({ kind: 'user', userId: 'u1' });
    expect(calls).toBe(2);
    stopFirst();
    await channel.publish({ kind: 'user', userId: 'u1' });
    expect(calls).toBe(3);
  });

  it('a listener that unsubscribes during delivery does not make others miss the message', async () => {
    const channel = createLocalInvalidationChannel();
    const seen: string[] = [];
    const stop = channel.subscribe(() => {
      seen.push('first');
      stop();
    });
    channel.subscribe(() => seen.push('second'));
    await channel.publish({ kind: 'user', userId: 'u1' });
    await channel.publish({ kind: 'user', userId: 'u1' });
    expect(seen).toEqual(['first', 'second', 'second']);
  });
});
