/**
 * Frameworks are optional peer dependencies: a fresh Node process that imports
 * `latchkey` loads no module of Express, Fastify or Hono, and an adapter loads no
 * framework but its own. A module hook records every module the process resolves.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const FRAMEWORKS = ['express', 'fastify', 'hono'] as const;
let folder = '';

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'latchkey-imports-'));
  writeFileSync(
    join(folder, 'hooks.mjs'),
    [
      "import { appendFileSync } from 'node:fs';",
      'let log;',
      'export function initialize(data) { log = data.log; }',
      'export async function resolve(specifier, context, next) {',
      '  const result = await next(specifier, context);',
      "  appendFileSync(log, result.url + '\\n');",
      '  return result;',
      '}',
    ].join('\n'),
  );
  writeFileSync(
    join(folder, 'register.mjs'),
    [
      "import { register } from 'node:module';",
      "register('./hooks.mjs', import.meta.url, { data: { log: process.env.IMPORT_LOG } });",
    ].join('\n'),
  );
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The frameworks whose files a fresh process resolved while importing `specifier`. */
function frameworksLoadedBy(specifier: string): string[] {
  const log = join(folder, `${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  execFileSync(
    'node',
    [
      '--import',
      'tsx',
      '--import',
      pathToFileURL(join(folder, 'register.mjs')).href,
      '--input-type=module',
      '--eval',
      `await import(${JSON.stringify(specifier)});`,
    ],
    { cwd: root, env: { ...process.env, IMPORT_LOG: log }, stdio: 'pipe' },
  );
  const urls = readFileSync(log, 'utf8').split('\n');
  return FRAMEWORKS.filter((name) => urls.some((url) => url.includes(`/node_modules/${name}/`)));
}

const source = (path: string) => pathToFileURL(join(root, 'src', path)).href;

describe('importing latchkey loads no framework', () => {
  it('the recorder sees a framework when one is imported', () => {
    expect(frameworksLoadedBy('express')).toEqual(['express']);
    expect(frameworksLoadedBy('fastify')).toEqual(['fastify']);
  }, 30_000);

  it('latchkey itself loads neither Express, Fastify nor Hono', () => {
    expect(frameworksLoadedBy(source('index.ts'))).toEqual([]);
  }, 30_000);

  it.each([
    ['express', 'adapters/express.ts'],
    ['fastify', 'adapters/fastify.ts'],
    ['hono', 'adapters/hono.ts'],
  ])(
    'latchkey/%s loads no other framework',
    (framework, path) => {
      const others = frameworksLoadedBy(source(path)).filter((name) => name !== framework);
      expect(others).toEqual([]);
    },
    30_000,
  );
});
