import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const FOLDERS = ['src/core', 'src/http'];

/** Packages the framework-free core must never import (a framework, a database driver, an HTTP server). */
const FORBIDDEN_PACKAGES = new Set([
  'hono',
  'express',
  'fastify',
  'better-sqlite3',
  'pg',
  'ioredis',
  'kysely',
  'http',
  'https',
  'http2',
]);

/** Folders of this library the core must not reach into (they hold the framework and driver code). */
const FORBIDDEN_FOLDERS = ['src/adapters', 'src/stores/sql'];

/** Every module specifier a source file names: `import … from`, `export … from`, `import '…'`, `import('…')`, `require('…')`. */
function importSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) =>
    [...source.matchAll(pattern)].map((match) => match[1] ?? ''),
  );
}

/** The package a bare specifier names: `hono/cookie` → `hono`, `node:http` → `http`, `@scope/a/b` → `@scope/a`. */
function packageOf(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
}

/** Why a specifier is not allowed in a core file, or null when it is fine. */
function violation(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = relative(root, resolve(join(root, file, '..'), specifier));
    const folder = FORBIDDEN_FOLDERS.find((f) => target === f || target.startsWith(`${f}/`));
    return folder ? `${file} imports ${specifier} (inside ${folder})` : null;
  }
  return FORBIDDEN_PACKAGES.has(packageOf(specifier)) ? `${file} imports ${specifier}` : null;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(folder, name));
}

describe('the import scanner itself', () => {
  it('finds every import and re-export form, including multi-line and type-only ones', () => {
    const source = [
      "import { Hono } from 'hono';",
      'import type { Context } from "hono/types";',
      'import {\n  a,\n  b,\n} from "kysely";',
      "export * from 'pg';",
      "export { x } from './local.js';",
      "import 'ioredis';",
      "const http = await import('node:http');",
      "const e = require('express');",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(
      expect.arrayContaining([
        'hono',
        'hono/types',
        'kysely',
        'pg',
        './local.js',
        'ioredis',
        'node:http',
        'express',
      ]),
    );
  });

  it('rejects frameworks, drivers and node:http, and allows the core’s own helpers', () => {
    const bad = [
      'hono',
      'hono/cookie',
      'fastify',
      'better-sqlite3',
      'node:http',
      'http',
      'node:https',
    ];
    for (const specifier of bad) expect(violation('src/core/x.ts', specifier)).not.toBeNull();
    for (const specifier of ['node:crypto', 'cookie', '../http/cookies.js', './errors.js']) {
      expect(violation('src/core/x.ts', specifier)).toBeNull();
    }
    expect(violation('src/core/x.ts', '../adapters/hono.js')).not.toBeNull();
    expect(violation('src/http/x.ts', '../stores/sql/index.js')).not.toBeNull();
  });
});

describe('src/core and src/http import no framework, database driver or node:http', () => {
  const files = FOLDERS.flatMap(sourceFiles);

  it('there are core files to scan', () => {
    expect(files).toContain(join('src', 'core', 'manager.ts'));
    expect(files).toContain(join('src', 'http', 'cookies.ts'));
    expect(files.some((file) => file.endsWith('.test.ts'))).toBe(false);
  });

  it.each(files)('%s imports nothing forbidden', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    const problems = importSpecifiers(source).flatMap(
      (specifier) => violation(file, specifier) ?? [],
    );
    expect(problems).toEqual([]);
  });
});
