/** @module Account ids: 128 random bits, base64url, never starting with `-` or `_`. */

/** Bytes of randomness behind one account id (22 base64url characters). */
export const ACCOUNT_ID_BYTES = 16;

/**
 * An account id from 16 random bytes. base64url puts `-` or `_` first for one id in 32; an id
 * like `-jp8…` then reads as an option to every command line that takes it (the admin CLI,
 * `grep`, `psql -c`), so the top bit of the first byte is cleared in that case: the first
 * character becomes `e` or `f`, at a cost of well under a tenth of a bit of the 128.
 *
 * @example const id = accountIdFrom(randomBytes(ACCOUNT_ID_BYTES));
 */
export function accountIdFrom(bytes: Uint8Array): string {
  if (bytes.length !== ACCOUNT_ID_BYTES) {
    throw new RangeError(`An account id takes ${ACCOUNT_ID_BYTES} bytes, not ${bytes.length}.`);
  }
  const copy = Buffer.from(bytes);
  // The first character encodes the top six bits of the first byte: 62 is `-`, 63 is `_`.
  const first = copy.readUInt8(0);
  if (first >> 2 >= 62) copy.writeUInt8(first & 0x7f, 0);
  return copy.toString('base64url');
}
