/**
 * @module Drives the hash-rate process (bench/runner/hash-rate.ts): started once, then asked
 * for a rate in each login round, so the bound is measured beside the logins it bounds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BENCH_DIR } from './stacks.js';

/** One timed burst of password checks. */
export interface HashRun {
  readonly kind: string;
  readonly parallel: number;
  readonly checks: number;
  readonly seconds: number;
  /** Checks per second over the burst. */
  readonly rate: number;
}

export interface HashBound {
  measure(kind: string, parallel: number, seconds: number): Promise<HashRun>;
  stop(): void;
}

/**
 * Starts the hash-rate process and resolves once it has made its hashes.
 *
 * @example const bound = await startHashBound(); const run = await bound.measure('argon2id', 2, 5);
 */
export async function startHashBound(): Promise<HashBound> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(BENCH_DIR, 'runner/hash-rate.ts')],
    {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`hash-rate process ended (exit ${child.exitCode})`);
    return JSON.parse(value) as Record<string, unknown>;
  };
  await next();
  return {
    async measure(kind, parallel, seconds) {
      child.stdin.write(`${JSON.stringify({ kind, parallel, seconds })}\n`);
      const answer = await next();
      if (typeof answer.error === 'string') throw new Error(`hash ${kind}: ${answer.error}`);
      const checks = Number(answer.checks);
      const elapsed = Number(answer.seconds);
      return { kind, parallel, checks, seconds: elapsed, rate: checks / elapsed };
    },
    stop() {
      child.stdin.end();
      child.kill('SIGTERM');
    },
  };
}
