/** @module Common-password lookup against zxcvbn-ts's list, loaded lazily on first use. */
import { createRequire } from 'node:module';

let common: ReadonlySet<string> | undefined;

function load(): ReadonlySet<string> {
  // Loaded on demand: decompressing ~49,000 words costs milliseconds that most imports of this module never need.
  const require = createRequire(import.meta.url);
  const { dictionary } =
    require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  return new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()));
}

/**
 * True when a password, compared case-insensitively, is on zxcvbn-ts's common-passwords list.
 *
 * @example
 * isCommonPassword('PassWordPassWord'); // true
 */
export function isCommonPassword(password: string): boolean {
  common ??= load();
  return common.has(password.toLowerCase());
}
