/**
 * @module The storage ports of the second factor and of passkeys. Secrets arrive sealed,
 * recovery codes as hashes; every check-then-write is one atomic step in the store.
 */

/** An account's TOTP: its sealed secret and the last time step a code was accepted for. */
export interface TotpRecord {
  readonly accountId: string;
  /** The base32 secret, sealed by the secret box (AES-256-GCM). */
  readonly sealedSecret: string;
  readonly enabledAt: number;
  /** The latest step accepted; codes of this step and earlier ones are refused. */
  readonly lastStep: number | null;
}

/** What turning TOTP on writes, at once. */
export interface TotpEnable {
  readonly sealedSecret: string;
  readonly enabledAt: number;
  /** The step of the confirming code, used up. */
  readonly lastStep: number;
  /** The hashes of the first set of recovery codes. */
  readonly recoveryCodeHashes: readonly string[];
}

/** Where TOTP secrets and recovery codes live (memory, SQLite, PostgreSQL). */
export interface TwoFactorStore {
  totp(accountId: string): Promise<TotpRecord | null>;
  /** Turns TOTP on (or replaces it), with a new set of recovery codes, in one transaction. */
  enable(accountId: string, init: TotpEnable): Promise<void>;
  /** Turns it off, removing the secret and every recovery code; false when it was off. */
  disable(accountId: string): Promise<boolean>;
  /**
   * Accepts a code's step once, atomically (`… WHERE last_step < step`): false when this step
   * or a later one was already accepted, or TOTP is off. Exactly one of concurrent callers wins.
   */
  useStep(accountId: string, step: number): Promise<boolean>;
  /** Replaces the sealed secret when it is still `expected` (key rotation); a no-op otherwise. */
  reseal(accountId: string, expected: string, sealedSecret: string): Promise<void>;
  /** Replaces every recovery code of the account with these hashes, in one transaction. */
  replaceRecoveryCodes(accountId: string, hashes: readonly string[], now: number): Promise<void>;
  /** Uses a recovery code up, atomically: true for exactly one caller, false once used or unknown. */
  useRecoveryCode(accountId: string, hash: string, now: number): Promise<boolean>;
  /** How many unused recovery codes the account has. */
  recoveryCodesLeft(accountId: string): Promise<number>;
}

/** One registered passkey (a WebAuthn credential). */
export interface PasskeyRecord {
  /** Our own random id, safe to show and to put in URLs. */
  readonly id: string;
  readonly accountId: string;
  /** The credential id the authenticator chose, base64url. */
  readonly credentialId: string;
  /** The COSE public key, base64url. */
  readonly publicKey: string;
  /** The signature counter last seen. */
  readonly counter: number;
  readonly transports: readonly string[];
  readonly name: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  /** Whether the authenticator says the key is synced (a multi-device passkey). */
  readonly backedUp: boolean;
}

/** Where passkeys live (memory, SQLite, PostgreSQL). */
export interface PasskeyStore {
  /** Stores a new passkey; `duplicate` when its credential id is registered already. */
  add(passkey: PasskeyRecord): Promise<'added' | 'duplicate'>;
  /** The account's passkeys, oldest first. */
  list(accountId: string): Promise<PasskeyRecord[]>;
  byCredentialId(credentialId: string): Promise<PasskeyRecord | null>;
  /**
   * Records a sign-in: the new counter and time, only while the stored counter is still
   * `expectedCounter` (compare-and-set); false when another sign-in got there first.
   */
  recordUse(id: string, expectedCounter: number, counter: number, usedAt: number): Promise<boolean>;
  /** Removes one of the account's passkeys; false when it has no such passkey. */
  remove(accountId: string, id: string): Promise<boolean>;
}
