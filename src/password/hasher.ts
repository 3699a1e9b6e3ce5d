/** @module The password hasher: hash with one algorithm, verify every supported scheme, tell when to rehash. */
import { randomBytes } from 'node:crypto';
import { LatchkeyError } from '../errors.js';
import {
  type Argon2Params,
  argon2NeedsRehash,
  createArgon2Pool,
  hashArgon2id,
  resolveArgon2Params,
  sharedArgon2Pool,
  verifyArgon2,
} from './argon2.js';
import { sharedPasswordLimiter } from './concurrency.js';
import type { HashPool, HashPoolOptions } from './hash-pool.js';
import { parseStoredHash, type StoredHash } from './identify-hash.js';
import { MAX_PASSWORD_BYTES, normalizePassword, utf8ByteLength } from './normalize.js';
import {
  hashScrypt,
  resolveScryptParams,
  type ScryptParams,
  scryptNeedsRehash,
  verifyScrypt,
} from './scrypt.js';
import { createSemaphore, type Semaphore } from './semaphore.js';
import { verifyWerkzeugHash } from './werkzeug.js';

/** The algorithms new hashes can be made with. */
export type PasswordAlgorithm = 'argon2id' | 'scrypt';

/** Options for {@link createPasswordHasher}; every field has a safe default. */
export interface PasswordHasherOptions {
  /** Algorithm for new hashes; default `'argon2id'`. Verification accepts every supported scheme regardless. */
  readonly algorithm?: PasswordAlgorithm;
  /** argon2id costs; default OWASP's m=19456, t=2, p=1. Weaker than OWASP's minimum throws `config_invalid`. */
  readonly argon2?: Partial<Argon2Params>;
  /** scrypt costs; default ln=17 (N = 2^17), r=8, p=1. Weaker throws `config_invalid`. */
  readonly scrypt?: Partial<ScryptParams>;
  /**
   * argon2 worker threads of this hasher's own; default the process-wide ones (one per core, at
   * most 8, at nice 10 on Linux). See docs/architecture.md, "Password hashing".
   */
  readonly workers?: HashPoolOptions;
  /** Cap this hasher's concurrent hashes further, with a limit of its own. */
  readonly maxConcurrent?: number;
  /** Share a specific limiter between hashers (not together with `maxConcurrent`). */
  readonly limiter?: Semaphore;
}

/** Hashes new passwords, verifies stored hashes of any supported scheme, and reports outdated ones. */
export interface PasswordHasher {
  readonly algorithm: PasswordAlgorithm;
  /** NFKC-normalises and hashes; rejects with `password_too_long` over 1024 UTF-8 bytes. */
  hash(password: string): Promise<string>;
  /** True when `password` matches `stored`; false (never a rejection) for wrong, over-long or unrecognised input. */
  verify(stored: string, password: string): Promise<boolean>;
  /** True when `stored` is not this hasher's algorithm at at least its configured costs. */
  needsRehash(stored: string): boolean;
  /** Spends the time of a real verify and resolves false, so an unknown user costs the same as a wrong password. */
  dummyVerify(): Promise<false>;
}

const ALGORITHMS: readonly PasswordAlgorithm[] = ['argon2id', 'scrypt'];

/**
 * Creates a password hasher. argon2 runs on Latchkey's hash workers, which yield the CPU to the
 * event loop; scrypt and werkzeug's schemes run on libuv's pool behind a limiter that always
 * leaves a pool thread free. A limiter given in the options caps every scheme.
 *
 * @example
 * const hasher = createPasswordHasher({ algorithm: 'argon2id' });
 * const stored = await hasher.hash(password);
 * if (await hasher.verify(stored, attempt) && hasher.needsRehash(stored)) await save(await hasher.hash(attempt));
 */
export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const algorithm = options.algorithm ?? 'argon2id';
  if (!ALGORITHMS.includes(algorithm)) {
    throw new LatchkeyError('config_invalid', `unknown password algorithm: ${String(algorithm)}`);
  }
  if (options.limiter && options.maxConcurrent !== undefined) {
    throw new LatchkeyError('config_invalid', 'pass either limiter or maxConcurrent, not both');
  }
  const argon2 = resolveArgon2Params(options.argon2);
  const scrypt = resolveScryptParams(options.scrypt);
  const own =
    options.limiter ??
    (options.maxConcurrent === undefined ? undefined : createSemaphore(options.maxConcurrent));
  const pool: HashPool = options.workers ? createArgon2Pool(options.workers) : sharedArgon2Pool();
  // The workers queue argon2 themselves; a limiter in front would make each finished hash wait
  // for the event loop before the next starts.
  const argon2Limit = <T>(task: () => Promise<T>): Promise<T> => (own ? own.run(task) : task());
  const libuvLimit = <T>(task: () => Promise<T>): Promise<T> =>
    (own ?? sharedPasswordLimiter()).run(task);

  const hash = async (password: string): Promise<string> => {
    const normalized = normalizePassword(password);
    if (utf8ByteLength(normalized) > MAX_PASSWORD_BYTES) {
      throw new LatchkeyError(
        'password_too_long',
        `passwords are limited to ${MAX_PASSWORD_BYTES} UTF-8 bytes; check the policy before hashing`,
      );
    }
    return algorithm === 'argon2id'
      ? argon2Limit(() => hashArgon2id(normalized, argon2, pool))
      : libuvLimit(() => hashScrypt(normalized, scrypt));
  };

  const verify = async (stored: string, password: string): Promise<boolean> => {
    if (typeof password !== 'string') return false;
    const parsed = parseStoredHash(stored);
    if (!parsed) return false;
    // werkzeug never normalised, so its hashes are checked against the password as typed.
    const legacy = parsed.scheme === 'werkzeug-pbkdf2' || parsed.scheme === 'werkzeug-scrypt';
    const candidate = legacy ? password : normalizePassword(password);
    // The length of a submitted password is visible to an attacker anyway, so refusing early leaks nothing.
    if (utf8ByteLength(candidate) > MAX_PASSWORD_BYTES) return false;
    try {
      return await (isArgon2(parsed) ? argon2Limit : libuvLimit)(() =>
        verifyParsed(parsed, stored, candidate, pool),
      );
    } catch {
      return false;
    }
  };

  const needsRehash = (stored: string): boolean => {
    const parsed = parseStoredHash(stored);
    if (algorithm === 'argon2id') {
      return parsed?.scheme !== 'argon2id' || argon2NeedsRehash(parsed.argon2, argon2);
    }
    return parsed?.scheme !== 'scrypt' || scryptNeedsRehash(parsed.scrypt, scrypt);
  };

  let dummyHash: Promise<string> | undefined;
  const dummyVerify = async (): Promise<false> => {
    dummyHash ??= hash(randomBytes(16).toString('hex')).catch((error: unknown) => {
      dummyHash = undefined;
      throw error;
    });
    await verify(await dummyHash, 'not the dummy password');
    return false;
  };

  return Object.freeze({ algorithm, hash, verify, needsRehash, dummyVerify });
}

function isArgon2(parsed: StoredHash): boolean {
  return parsed.scheme === 'argon2id' || parsed.scheme === 'argon2i' || parsed.scheme === 'argon2d';
}

function verifyParsed(
  parsed: StoredHash,
  stored: string,
  candidate: string,
  pool: HashPool,
): Promise<boolean> {
  switch (parsed.scheme) {
    case 'argon2id':
    case 'argon2i':
    case 'argon2d':
      return verifyArgon2(stored, candidate, pool);
    case 'scrypt':
      return verifyScrypt(parsed.scrypt, candidate);
    case 'werkzeug-pbkdf2':
    case 'werkzeug-scrypt':
      return verifyWerkzeugHash(parsed.werkzeug, candidate);
  }
}
