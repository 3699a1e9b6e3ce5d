/**
 * Starting and stopping: configuration refused with a clear message, the secret key kept in
 * development, the dev outbox only outside production without SMTP, `npm start`'s entry
 * serving and shutting down on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startApp } from '../../app/server.js';
import { newIdentity, register } from './support/flows.js';
import { hrefs } from './support/html.js';
import { startTestApp, TEST_SECRET_KEY, useTestApp } from './support/test-app.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'latchkey-start-'));
  folders.push(folder);
  return folder;
}

/** Environment for a child: this process's PATH and HOME only, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
}

interface Exit {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs the `npm start` entry on a database in a new temp folder and waits for it to exit
 * (it should refuse to start).
 */
function runMain(env: Record<string, string>): Promise<Exit> {
  const database = `sqlite:${join(tempFolder(), 'app.db')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['app/main.ts'], {
      cwd: root,
      env: childEnv({ DATABASE_URL: database, ...env }),
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app/main.ts kept running: ${output}`));
    }, 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('refusing bad configuration', () => {
  it('production refuses to start without SECRET_KEY, exiting non-zero with a clear message', async () => {
    const exit = await runMain({ NODE_ENV: 'production', PORT: '0' });
    expect(exit.code).toBeGreaterThan(0);
    expect(exit.output).toMatch(/SECRET_KEY/);
    expect(exit.output).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('production refuses a SECRET_KEY shorter than 32 characters', async () => {
    const exit = await runMain({ NODE_ENV: 'production', PORT: '0', SECRET_KEY: 'too-short' });
    expect(exit.code).toBeGreaterThan(0);
    expect(exit.output).toMatch(/SECRET_KEY/);
  }, 30_000);

  it('a malformed PORT is refused with a message naming it', async () => {
    const exit = await runMain({ NODE_ENV: 'development', PORT: 'eighty' });
    expect(exit.code).toBeGreaterThan(0);
    expect(exit.output).toMatch(/PORT/);
  }, 30_000);

  it('a REDIS_URL that is not redis:// is refused with a message naming it', async () => {
    const data = tempFolder();
    await expect(
      startApp({
        env: {
          NODE_ENV: 'test',
          PORT: '0',
          SECRET_KEY: TEST_SECRET_KEY,
          DATABASE_URL: `sqlite:${join(data, 'app.db')}`,
          REDIS_URL: 'http://127.0.0.1:6379',
        },
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toThrow(/REDIS_URL/);
  });
});

describe('npm start', () => {
  it('serves on the printed address with a fresh data folder and exits cleanly on SIGTERM', async () => {
    const data = tempFolder();
    const child: ChildProcess = spawn(tsx, ['app/main.ts'], {
      cwd: root,
      env: childEnv({
        NODE_ENV: 'development',
        PORT: '0',
        DATABASE_URL: `sqlite:${join(data, 'nested', 'folder', 'app.db')}`,
        LOG_LEVEL: 'info',
      }),
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${output}`)), 20_000);
      const read = (chunk: unknown) => {
        output += String(chunk);
        const found = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (found && found[1] !== '0') {
          clearTimeout(timer);
          resolve(found[0]);
        }
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', read);
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(existsSync(join(data, 'nested', 'folder', 'app.db'))).toBe(true);
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (exitCode) => resolve(exitCode));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 40_000);
});

describe('the dev outbox and the secret key', () => {
  const dev = useTestApp({ smtp: false, env: { NODE_ENV: 'development', SECRET_KEY: undefined } });

  it('development without SECRET_KEY generates one, kept in the data folder with mode 0600', async () => {
    const keyFile = join(dev.dataDir, 'secret_key');
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
  });

  it('without SMTP_URL outside production, /dev/outbox lists sent mail with its link', async () => {
    const who = newIdentity('outbox');
    expect((await register(dev.browser(), who)).status).toBe(302);
    // The mail leaves in the background: wait until the outbox shows it.
    const link = await vi.waitFor(
      async () => {
        const page = await dev.browser().get('/dev/outbox');
        expect(page.status).toBe(200);
        expect(page.text).toContain(who.email);
        const [first] = hrefs(page.text).filter((href) => href.includes('/auth/confirm/'));
        expect(first).toBeDefined();
        return first ?? '';
      },
      { timeout: 5_000, interval: 50 },
    );
    expect(link.startsWith(`${dev.publicUrl}/auth/confirm/`)).toBe(true);
    expect((await dev.browser().get(link)).status).toBe(302);
  });

  it('/dev/outbox is 404 in production', async () => {
    const production = await startTestApp({ smtp: false, env: { NODE_ENV: 'production' } });
    try {
      expect((await production.browser().get('/dev/outbox')).status).toBe(404);
    } finally {
      await production.close();
    }
  });

  it('/dev/outbox is 404 when SMTP_URL is set, and PUBLIC_URL defaults to the bound http://HOST:PORT', async () => {
    const withSmtp = await startTestApp();
    try {
      expect((await withSmtp.browser().get('/dev/outbox')).status).toBe(404);
      expect(withSmtp.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      expect(withSmtp.publicUrl).toBe(withSmtp.url);
    } finally {
      await withSmtp.close();
    }
  });
});
