/** @module The signing key: SECRET_KEY, or in development one generated once and kept in the data folder. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AppConfig, ConfigError } from './config.js';

/** The folder that holds the SQLite file (and the development key): `./data` for PostgreSQL. */
function dataFolder(config: AppConfig): string {
  return config.database.kind === 'sqlite' ? dirname(config.database.path) : './data';
}

/**
 * SECRET_KEY when set; otherwise the development key from `<data folder>/secret_key`,
 * created (mode 0600) on first start so sessions survive restarts.
 *
 * @example const secret = resolveSecretKey(config);
 */
export function resolveSecretKey(config: AppConfig): string {
  // `loadConfig` already refused production without SECRET_KEY.
  if (config.secretKey !== null) return config.secretKey;
  const folder = dataFolder(config);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'secret_key');
  try {
    // `wx` fails when the file exists, so two first starts never overwrite each other's key.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) {
    throw new ConfigError(`The key in ${file} is shorter than 32 characters; delete the file.`);
  }
  return key;
}
