/** @module argon2 via @node-rs/argon2: OWASP parameters, PHC strings, hashing on Latchkey's hash workers. */
import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';
import { LatchkeyError } from '../errors.js';
import {
  createHashPool,
  type HashPool,
  type HashPoolOptions,
  type InProcessArgon2,
} from './hash-pool.js';

/** argon2id cost parameters, as in the PHC string's `m=`, `t=` and `p=`. */
export interface Argon2Params {
  /** Memory in KiB. */
  readonly memoryCost: number;
  /** Passes over memory. */
  readonly timeCost: number;
  /** Lanes. */
  readonly parallelism: number;
}

/** OWASP's recommended argon2id configuration: 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2ID: Argon2Params = Object.freeze({
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

/** The argon2 variants a PHC string can name. */
export type Argon2Variant = 'argon2d' | 'argon2i' | 'argon2id';

/** What a stored argon2 PHC string says about how it was made. */
export interface ParsedArgon2Hash extends Argon2Params {
  readonly variant: Argon2Variant;
  /** 0x13 (19) for current hashes, 0x10 (16) for the original specification. */
  readonly version: 16 | 19;
  readonly outputLen: number;
  readonly saltLen: number;
}

// The binding declares these as ambient const enums, which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;
const VARIANTS: readonly Argon2Variant[] = ['argon2d', 'argon2i', 'argon2id'];
const OUTPUT_LEN = 32;
const MIN_SALT_LEN = 16;
// OWASP's weakest recommended pair is m=7168 KiB with t=5; every row of its table has m·t >= 35840.
const MIN_MEMORY_COST = 7168;
const MIN_MEMORY_TIME_PRODUCT = 35840;
// Sanity limits for stored hashes, so a corrupt row cannot make a login allocate gigabytes or spin for minutes.
const MAX_MEMORY_COST = 1024 * 1024;
const MAX_TIME_COST = 64;
const MAX_PARALLELISM = 64;

/**
 * Fills in OWASP defaults and refuses parameters weaker than OWASP's weakest recommendation.
 *
 * @example
 * resolveArgon2Params({ memoryCost: 47104, timeCost: 1 }); // { memoryCost: 47104, timeCost: 1, parallelism: 1 }
 */
export function resolveArgon2Params(params: Partial<Argon2Params> = {}): Argon2Params {
  const resolved = { ...OWASP_ARGON2ID, ...params };
  const { memoryCost, timeCost, parallelism } = resolved;
  const integers = [memoryCost, timeCost, parallelism].every((n) => Number.isInteger(n) && n >= 1);
  if (
    !integers ||
    memoryCost < MIN_MEMORY_COST ||
    memoryCost * timeCost < MIN_MEMORY_TIME_PRODUCT ||
    memoryCost > MAX_MEMORY_COST ||
    timeCost > MAX_TIME_COST ||
    parallelism > MAX_PARALLELISM
  ) {
    throw new LatchkeyError(
      'config_invalid',
      `argon2 parameters m=${memoryCost},t=${timeCost},p=${parallelism} are below OWASP's minimum ` +
        '(m >= 7168 KiB and m*t >= 35840, e.g. m=19456,t=2) or above the sanity limits',
    );
  }
  return Object.freeze({ memoryCost, timeCost, parallelism });
}

// libuv's pool, for when no worker can run: a hash the binding cannot decode is a mismatch.
const inProcess: InProcessArgon2 = {
  verify: (stored, password) => verify(stored, password).catch(() => false),
  hash: (password, options) => hash(password, options as Parameters<typeof hash>[1]),
};

let shared: HashPool | undefined;

/** The process-wide hash workers every hasher uses unless given its own. */
export function sharedArgon2Pool(): HashPool {
  shared ??= createHashPool({}, inProcess);
  return shared;
}

/**
 * A pool of argon2 workers of a hasher's own.
 *
 * @example const pool = createArgon2Pool({ threads: 4, niceness: 5 });
 */
export function createArgon2Pool(options: HashPoolOptions): HashPool {
  return createHashPool(options, inProcess);
}

/**
 * Hashes an (already normalised) password with argon2id on the hash workers.
 *
 * @example
 * await hashArgon2id('correct horse battery staple', OWASP_ARGON2ID); // '$argon2id$v=19$m=19456,t=2,p=1$…'
 */
export function hashArgon2id(
  password: string,
  params: Argon2Params,
  pool: HashPool = sharedArgon2Pool(),
): Promise<string> {
  return pool.hash(password, {
    algorithm: ARGON2ID,
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
    outputLen: OUTPUT_LEN,
  });
}

/**
 * Reads an argon2 PHC string; `null` when it is not one or its costs exceed the sanity limits.
 *
 * @example
 * parseArgon2Hash('$argon2id$v=19$m=19456,t=2,p=1$…')?.memoryCost; // 19456
 */
export function parseArgon2Hash(stored: string): ParsedArgon2Hash | null {
  if (!/^\$argon2(?:id|i|d)\$/.test(stored)) return null;
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(stored);
  } catch {
    return null;
  }
  const variant = VARIANTS[options.algorithm];
  if (variant === undefined || !stored.startsWith(`$${variant}$`)) return null;
  if (
    options.memoryCost > MAX_MEMORY_COST ||
    options.timeCost > MAX_TIME_COST ||
    options.parallelism > MAX_PARALLELISM
  ) {
    return null;
  }
  return {
    variant,
    version: options.version === 0 ? 16 : 19,
    memoryCost: options.memoryCost,
    timeCost: options.timeCost,
    parallelism: options.parallelism,
    outputLen: options.outputLen,
    saltLen: options.saltLen,
  };
}

/**
 * Checks an (already normalised) password against an argon2 PHC string; a hash the binding
 * cannot decode is a mismatch, not an error.
 *
 * @example
 * await verifyArgon2(stored, 'correct horse battery staple'); // true
 */
export function verifyArgon2(
  stored: string,
  password: string,
  pool: HashPool = sharedArgon2Pool(),
): Promise<boolean> {
  return pool.verify(stored, password);
}

/**
 * True when a parsed argon2 hash is weaker than, or a different variant from, argon2id at `params`.
 *
 * @example
 * argon2NeedsRehash(parsed, OWASP_ARGON2ID);
 */
export function argon2NeedsRehash(parsed: ParsedArgon2Hash, params: Argon2Params): boolean {
  return (
    parsed.variant !== 'argon2id' ||
    parsed.version !== 19 ||
    parsed.memoryCost < params.memoryCost ||
    parsed.timeCost < params.timeCost ||
    parsed.parallelism < params.parallelism ||
    parsed.outputLen < OUTPUT_LEN ||
    parsed.saltLen < MIN_SALT_LEN
  );
}
