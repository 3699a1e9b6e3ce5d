/**
 * The app's configuration: the contract's defaults, a clear refusal naming each bad variable,
 * production's SECRET_KEY rule, the development key kept in the data folder, and `npm start`
 * exiting 1 on bad configuration.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../app/config.js';
import { resolveSecretKey } from '../../app/secret-key.js';

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'latchkey-config-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('applies the contract defaults when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: null,
      database: { kind: 'sqlite', path: './data/app.db' },
      smtpUrl: null,
      mailFrom: 'no-reply@localhost',
      rememberSeconds: 2_592_000,
      cookieSecure: null,
      production: false,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', SMTP_URL: '', PUBLIC_URL: '' })).toMatchObject({
      port: 3000,
      smtpUrl: null,
      publicUrl: null,
    });
  });

  it('reduces PUBLIC_URL to its origin and reads PostgreSQL URLs', () => {
    const config = loadConfig({
      PUBLIC_URL: 'https://accounts.example.com/',
      DATABASE_URL: 'postgres://app@db.internal/app',
      COOKIE_SECURE: '0',
    });
    expect(config.publicUrl).toBe('https://accounts.example.com');
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://app@db.internal/app' });
    expect(config.cookieSecure).toBe(false);
  });

  it('refuses bad values with one message naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '70000',
        PUBLIC_URL: 'ftp://example.com',
        DATABASE_URL: 'mysql://x',
        REMEMBER_COOKIE_DURATION: '-5',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'REMEMBER_COOKIE_DURATION']) {
      expect(message).toContain(name);
    }
  });

  it('refuses a PUBLIC_URL with a path, since links are built from its origin', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'https://example.com/app' })).toThrow(/origin only/);
  });

  it('reads REDIS_URL with the default key prefix, and leaves Redis off when it is unset', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      prefix: 'latchkey:',
    });
    expect(loadConfig({ REDIS_URL: 'rediss://cache:6380', REDIS_PREFIX: 'app1:' }).redis).toEqual({
      url: 'rediss://cache:6380',
      prefix: 'app1:',
    });
    expect(loadConfig({ REDIS_URL: '' }).redis).toBeNull();
  });

  it('refuses a REDIS_URL that is not redis:// and a REDIS_PREFIX with braces, naming them', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'redis://h:1', REDIS_PREFIX: 'a{b}' })).toThrow(
      /REDIS_PREFIX/,
    );
  });

  it('refuses production without SECRET_KEY, and a SECRET_KEY shorter than 32 characters', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY is required/);
    expect(() => loadConfig({ SECRET_KEY: 'short' })).toThrow(/SECRET_KEY/);
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 's'.repeat(32) }).production).toBe(
      true,
    );
  });
});

describe('resolveSecretKey', () => {
  it('generates a development key once, mode 0600, beside the SQLite file', () => {
    const folder = tempFolder();
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(folder, 'db', 'app.db')}` });
    const first = resolveSecretKey(config);
    const file = join(folder, 'db', 'secret_key');
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveSecretKey(config)).toBe(first);
  });

  it('uses SECRET_KEY as given, writing nothing', () => {
    const folder = tempFolder();
    const key = 'x'.repeat(40);
    const config = loadConfig({ SECRET_KEY: key, DATABASE_URL: `sqlite:${join(folder, 'a.db')}` });
    expect(resolveSecretKey(config)).toBe(key);
    expect(() => statSync(join(folder, 'secret_key'))).toThrow();
  });
});

describe('npm start on bad configuration', () => {
  it('exits with code 1 and a one-line message naming the variable', () => {
    const result = spawnSync(join('node_modules', '.bin', 'tsx'), ['app/main.ts'], {
      env: { ...process.env, PORT: 'not-a-port', NODE_ENV: 'development' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: PORT must be a port number from 0 to 65535.',
    );
  });
});
