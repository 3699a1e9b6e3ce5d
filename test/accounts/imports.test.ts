/** @module The accounts entry stays light: no database driver or Kysely is loaded when it is imported. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const folder = resolve(fileURLToPath(new URL('../../src/accounts', import.meta.url)));
const HEAVY = /^\s*import\s+(?!type\b)[^;]*?from\s*['"](kysely|pg|better-sqlite3)['"]/gm;

describe('accounts imports', () => {
  it('no accounts module imports Kysely, pg or better-sqlite3 at load time (only as types)', () => {
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    );
    expect(files).toContain('index.ts');
    const offenders = files.flatMap((name) =>
      [...readFileSync(join(folder, name), 'utf8').matchAll(HEAVY)].map((m) => `${name}: ${m[0]}`),
    );
    expect(offenders).toStrictEqual([]);
  });
});
