/**
 * @module The time of one password check for each stack's hash, one at a time on an otherwise
 * idle process: the unit of the logins' hash bound. Run as its own process; prints JSON.
 */
import { execFileSync } from 'node:child_process';
import bcrypt from 'bcrypt';
import {
  hashPassword as betterAuthHash,
  verifyPassword as betterAuthVerify,
} from 'better-auth/crypto';
import { hashPassword, verifyPassword } from '../../src/password/index.js';
import { BENCH_USER } from '../apps/shared/fixture.js';

const password = BENCH_USER.password;
const samples = Number(process.argv[2] ?? 15);
// Only the hashes this run's stacks use (a quick run has no scrypt or pbkdf2 stack).
const kinds = new Set((process.argv[3] ?? 'argon2id,bcrypt,scrypt,pbkdf2').split(','));

async function median(check: () => Promise<unknown>): Promise<number> {
  await check();
  await check();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await check();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const result: Record<string, number | null> = {};
if (kinds.has('argon2id')) {
  const argon2Hash = await hashPassword(password);
  result.argon2id = await median(() => verifyPassword(argon2Hash, password));
}
if (kinds.has('bcrypt')) {
  const bcryptHash = await bcrypt.hash(password, 10);
  result.bcrypt = await median(() => bcrypt.compare(password, bcryptHash));
}
if (kinds.has('scrypt')) {
  const scryptHash = await betterAuthHash(password);
  result.scrypt = await median(() => betterAuthVerify({ hash: scryptHash, password }));
}
if (kinds.has('pbkdf2')) {
  result.pbkdf2 = null;
  try {
    // werkzeug's default, as the Flask app hashes it, timed by Debian's python3 (gunicorn's).
    const script = [
      'import time, statistics',
      'from werkzeug.security import generate_password_hash, check_password_hash',
      `h = generate_password_hash(${JSON.stringify(password)})`,
      `p = ${JSON.stringify(password)}`,
      'check_password_hash(h, p)',
      't = []',
      `for _ in range(${samples}):`,
      '    s = time.perf_counter(); check_password_hash(h, p); t.append(time.perf_counter() - s)',
      'print(statistics.median(t) * 1000)',
    ].join('\n');
    result.pbkdf2 = Number(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }));
  } catch {
    // No werkzeug here: the Flask stack is not run either.
  }
}
process.stdout.write(`${JSON.stringify(result)}\n`);
