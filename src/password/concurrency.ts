/** @module How many password hashes may run at once without starving libuv's thread pool. */
import { availableParallelism } from 'node:os';
import { createSemaphore, type Semaphore } from './semaphore.js';

const LIBUV_DEFAULT_THREADS = 4;
const LIBUV_MAX_THREADS = 1024;

/**
 * The size of libuv's thread pool as libuv reads it from `UV_THREADPOOL_SIZE`: 4 when unset,
 * at least 1 and at most 1024 otherwise.
 *
 * @example
 * libuvThreadpoolSize('8'); // 8
 */
export function libuvThreadpoolSize(
  value: string | undefined = process.env.UV_THREADPOOL_SIZE,
): number {
  if (value === undefined) return LIBUV_DEFAULT_THREADS;
  const parsed = Number.parseInt(value, 10);
  if (!Number.isFinite(parsed) || parsed < 1) return 1;
  return Math.min(parsed, LIBUV_MAX_THREADS);
}

/**
 * The default number of concurrent hashes: one per CPU, but always leaving one libuv thread free
 * for file system, DNS and other crypto work, and never fewer than one.
 *
 * @example
 * defaultPasswordConcurrency(8, 4); // 3
 */
export function defaultPasswordConcurrency(
  cpus: number = availableParallelism(),
  threadpool: number = libuvThreadpoolSize(),
): number {
  return Math.max(1, Math.min(cpus, threadpool - 1));
}

let shared: Semaphore | undefined;

/** The process-wide limiter that every hasher uses unless given its own, so hashers add up to the cap together. */
export function sharedPasswordLimiter(): Semaphore {
  shared ??= createSemaphore(defaultPasswordConcurrency());
  return shared;
}
