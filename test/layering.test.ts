/**
 * @module The layering of src/, with no exceptions: leaves (errors, clock) ← http, password,
 * stores ← core ← adapters, accounts, testing ← cli and the root entry. A file imports its
 * own room or a lower one, never a higher one or a sibling; no import circle exists; the
 * framework-free rooms import no framework, database driver or HTTP server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../', import.meta.url)));

const LEVEL = {
  leaf: 0,
  http: 1,
  password: 1,
  stores: 1,
  core: 2,
  adapters: 3,
  accounts: 3,
  testing: 3,
  cli: 4,
  entry: 4,
} as const;
type Room = keyof typeof LEVEL;

/** Packages the framework-free rooms never import: frameworks, drivers, HTTP servers. */
const FRAMEWORK_FREE: readonly Room[] = ['leaf', 'http', 'core'];
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

/** Every module specifier a file names: `import … from`, `export … from`, `import '…'`, `import('…')`. */
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

/** The room a file of src/ belongs to, or null for a file outside the plan. */
function roomOf(file: string): Room | null {
  if (file === 'src/errors.ts' || file === 'src/clock.ts') return 'leaf';
  if (file === 'src/index.ts') return 'entry';
  const folder = file.split('/')[1] ?? '';
  return folder in LEVEL && folder !== 'leaf' && folder !== 'entry' ? (folder as Room) : null;
}

function packageOf(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
}

/** The src-relative .ts file a relative specifier names. */
function target(file: string, specifier: string): string {
  return relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts');
}

/** Why an import breaks the layering, or null when it is fine. */
function violation(file: string, specifier: string): string | null {
  const from = roomOf(file);
  if (from === null) return `${file} is in no room of the plan`;
  if (!specifier.startsWith('.')) {
    const forbidden = FRAMEWORK_FREE.includes(from) && FORBIDDEN_PACKAGES.has(packageOf(specifier));
    return forbidden ? `${file} (${from}) imports ${specifier}` : null;
  }
  const to = target(file, specifier);
  const toRoom = roomOf(to);
  if (toRoom === null) return `${file} imports ${specifier}, outside the plan`;
  if (from === 'leaf') return `${file} is a leaf but imports ${specifier}`;
  if (toRoom === from || LEVEL[toRoom] < LEVEL[from]) return null;
  return `${file} (${from}) imports ${to} (${toRoom})`;
}

function sourceFiles(): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join('src', name));
}

/** Each src file's relative imports (type-only ones included), as src-relative files. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(
    files.map((file) => [
      file,
      importSpecifiers(readFileSync(join(root, file), 'utf8'))
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => target(file, specifier)),
    ]),
  );
}

/** The circles in an import graph, each as the files around it. */
function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of edges.keys()) visit(file, []);
  return found;
}

describe('the layering checker itself', () => {
  it('finds every import and re-export form, including multi-line and type-only ones', () => {
    const source = [
      "import { Hono } from 'hono';",
      'import type { Context } from "hono/types";',
      'import {\n  a,\n  b,\n} from "kysely";',
      "export * from 'pg';",
      "export { x } from './local.js';",
      "import 'ioredis';",
      "const http = await import('node:http');",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(
      expect.arrayContaining(['hono', 'hono/types', 'kysely', 'pg', './local.js', 'ioredis']),
    );
    expect(importSpecifiers(source)).toContain('node:http');
  });

  it('refuses upward, sideways and leaf imports, and frameworks in the framework-free rooms', () => {
    expect(violation('src/http/cookies.ts', '../core/engine.js')).not.toBeNull();
    expect(violation('src/stores/memory/x.ts', '../../core/errors.js')).not.toBeNull();
    expect(violation('src/core/x.ts', '../adapters/hono.js')).not.toBeNull();
    expect(violation('src/accounts/x.ts', '../adapters/hono.js')).not.toBeNull();
    expect(violation('src/password/x.ts', '../http/cookies.js')).not.toBeNull();
    expect(violation('src/errors.ts', './clock.js')).not.toBeNull();
    expect(violation('src/core/x.ts', 'hono')).not.toBeNull();
    expect(violation('src/http/x.ts', 'node:http')).not.toBeNull();
    expect(violation('src/core/x.ts', '../http/cookies.js')).toBeNull();
    expect(violation('src/stores/memory/x.ts', '../../errors.js')).toBeNull();
    expect(violation('src/adapters/hono.ts', 'hono')).toBeNull();
    expect(violation('src/core/x.ts', 'node:crypto')).toBeNull();
  });

  it('finds a circle, and none in a chain', () => {
    const circle = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(circles(circle)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      circles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('src/ keeps its layers', () => {
  const files = sourceFiles();

  it('there are files in every room', () => {
    const rooms = new Set(files.map(roomOf));
    for (const room of ['leaf', 'http', 'password', 'stores', 'core', 'adapters', 'accounts']) {
      expect(rooms).toContain(room);
    }
  });

  it.each(files)('%s imports only its own room or a lower one', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    const problems = importSpecifiers(source).flatMap(
      (specifier) => violation(file, specifier) ?? [],
    );
    expect(problems).toEqual([]);
  });

  it('no import circle exists among the source files', () => {
    expect(circles(importGraph(files))).toEqual([]);
  });
});
