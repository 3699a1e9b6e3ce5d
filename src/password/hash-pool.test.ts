import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash as inProcessHash, verify as inProcessVerify } from '@node-rs/argon2';
import { afterEach, describe, expect, it } from 'vitest';
import { LatchkeyError } from '../errors.js';
import {
  type Argon2HashOptions,
  createHashPool,
  defaultHashThreads,
  type HashPool,
  type InProcessArgon2,
} from './hash-pool.js';

const OPTIONS: Argon2HashOptions = {
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};
const PASSWORD = 'correct horse battery staple';

/** The in-process fallback, counting how often the pool had to use it. */
function countingFallback() {
  const calls = { verify: 0, hash: 0 };
  const fallback: InProcessArgon2 = {
    verify: (stored, password) => {
      calls.verify++;
      return inProcessVerify(stored, password).catch(() => false);
    },
    hash: (password, options) => {
      calls.hash++;
      return inProcessHash(password, options as Parameters<typeof inProcessHash>[1]);
    },
  };
  return { calls, fallback };
}

/** A thread's nice value (Linux: field 19 of /proc/self/task/<tid>/stat; the main thread's tid is the pid). */
function threadNiceValue(tid: number | string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** Every thread's nice value in this process. */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map(threadNiceValue);
}

const pools: HashPool[] = [];
function pool(...args: Parameters<typeof createHashPool>): HashPool {
  const created = createHashPool(...args);
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((each) => each.close()));
});

describe('createHashPool', () => {
  it('hashes on its workers what the binding verifies in process, and verifies what it hashed there', async () => {
    const { calls, fallback } = countingFallback();
    const workers = pool({ threads: 2 }, fallback);
    const stored = await workers.hash(PASSWORD, OPTIONS);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(inProcessVerify(stored, PASSWORD)).resolves.toBe(true);
    const elsewhere = await inProcessHash(PASSWORD, OPTIONS as Parameters<typeof inProcessHash>[1]);
    await expect(workers.verify(elsewhere, PASSWORD)).resolves.toBe(true);
    await expect(workers.verify(elsewhere, `${PASSWORD}!`)).resolves.toBe(false);
    expect(calls).toEqual({ verify: 0, hash: 0 });
  });

  it('answers false, not an error, for a stored hash the binding cannot decode', async () => {
    const workers = pool({ threads: 1 }, countingFallback().fallback);
    await expect(workers.verify('$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA', 'x')).resolves.toBe(
      false,
    );
    await expect(workers.verify('garbage', 'x')).resolves.toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'runs at most its thread count of workers, each at its nice value, and leaves the event loop at 0',
    async () => {
      const before = threadNiceValues().filter((nice) => nice === 7).length;
      const workers = pool({ threads: 2, niceness: 7 }, countingFallback().fallback);
      const stored = await inProcessHash(PASSWORD);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => workers.verify(stored, PASSWORD)),
      );
      expect(results).toEqual([true, true, true, true, true, true]);
      const nice = threadNiceValues();
      expect(nice.filter((value) => value === 7).length - before).toBe(2);
      expect(threadNiceValue(process.pid)).toBe(0);
    },
  );

  it('falls back to hashing in process when a worker cannot start, and loses no hash', async () => {
    const { calls, fallback } = countingFallback();
    const workers = pool({ threads: 2 }, fallback, '/nowhere/no-such-binding.node');
    const stored = await workers.hash(PASSWORD, OPTIONS);
    await expect(workers.verify(stored, PASSWORD)).resolves.toBe(true);
    await expect(workers.verify(stored, 'wrong')).resolves.toBe(false);
    expect(calls.hash).toBe(1);
    expect(calls.verify).toBe(2);
  });

  it('finishes in process the hashes still queued when it is closed', async () => {
    const { calls, fallback } = countingFallback();
    const workers = pool({ threads: 1 }, fallback);
    const stored = await workers.hash(PASSWORD, OPTIONS);
    const queued = Array.from({ length: 4 }, () => workers.verify(stored, PASSWORD));
    await workers.close();
    await expect(Promise.all(queued)).resolves.toEqual([true, true, true, true]);
    expect(calls.verify).toBeGreaterThan(0);
  });

  it('refuses a thread count below one and a nice value outside 0–19', () => {
    const { fallback } = countingFallback();
    expect(() => createHashPool({ threads: 0 }, fallback)).toThrow(LatchkeyError);
    expect(() => createHashPool({ niceness: 20 }, fallback)).toThrow(/0–19/);
    expect(() => createHashPool({ niceness: -1 }, fallback)).toThrow(/0–19/);
  });

  it('defaults to one worker per core, at most 8', () => {
    expect(defaultHashThreads(2)).toBe(2);
    expect(defaultHashThreads(64)).toBe(8);
    expect(defaultHashThreads(0)).toBe(1);
  });

  it('keeps a process alive while a hash is pending, and lets it exit once the workers are idle', async () => {
    const script = `
      import { hashPassword, verifyPassword } from ${JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url)))};
      const stored = await hashPassword('correct horse battery staple');
      console.log(await verifyPassword(stored, 'correct horse battery staple'));
    `;
    // A file, not `-e`: tsx ends an evaluated script itself, whatever still holds the loop.
    const file = join(mkdtempSync(join(tmpdir(), 'latchkey-hash-pool-')), 'hash-once.mts');
    writeFileSync(file, script);
    const started = Date.now();
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', file], { timeout: 20_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
    expect(output.trim()).toBe('true');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
