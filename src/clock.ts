/** @module Injected time and randomness, so tests move a clock instead of sleeping. */
import { randomBytes } from 'node:crypto';

/** Milliseconds since the epoch, like `Date.now`. */
export type Clock = () => number;

/** Fills a buffer of `size` cryptographically random bytes. */
export type RandomSource = (size: number) => Uint8Array;

/** The real clock. */
export const systemClock: Clock = () => Date.now();

/** The real randomness: node:crypto's CSPRNG (synchronous, no thread-pool work). */
export const systemRandom: RandomSource = (size) => randomBytes(size);
