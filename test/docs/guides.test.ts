/**
 * Every guide's TypeScript is run: its blocks are pasted into files beside a fresh
 * build of the package, type-checked as an app would be, and its `server.ts` is
 * started on a free port; a browser then walks through the login over real HTTP, forged
 * (CSRF) posts included.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackageInto, ROOT, writeAppTsconfig } from '../support/build-package.js';
import { EXPECTED_WALK, walkThroughLogin } from './guide-scenario.js';

const FRAMEWORK_GUIDES = ['hono', 'express', 'fastify'] as const;
const GUIDES = [...FRAMEWORK_GUIDES, 'migrating-from-passport'] as const;
const FILE_NAME = /^\/\/ ([\w-]+\.ts)\n/;
let folder = '';

/** The guide's ```ts blocks (of one section, when a heading is given). */
function tsBlocks(guide: string, heading?: string): string[] {
  let markdown = readFileSync(join(ROOT, 'docs', 'guides', `${guide}.md`), 'utf8');
  if (heading !== undefined) {
    const start = markdown.indexOf(`\n${heading}\n`);
    const end = markdown.indexOf('\n## ', start + 1);
    markdown = start === -1 ? '' : markdown.slice(start, end === -1 ? undefined : end);
  }
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** The guide's files: a block opening with `// name.ts` starts that file; others continue the last. */
function guideFiles(guide: string): Map<string, string> {
  const files = new Map<string, string>();
  let current = 'app.ts';
  for (const block of tsBlocks(guide)) {
    current = FILE_NAME.exec(block)?.[1] ?? current;
    files.set(current, `${files.get(current) ?? ''}${block}\n`);
  }
  return files;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the guide's `server.ts`; resolves once it prints its URL. */
async function startGuideServer(guide: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('node', ['--import', 'tsx', 'server.ts'], {
    cwd: join(folder, guide),
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`http://localhost:${port}`)) resolve();
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`${guide} server exited (${code}):\n${output}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

beforeAll(() => {
  folder = buildPackageInto('guides');
  for (const guide of GUIDES) {
    mkdirSync(join(folder, guide));
    for (const [name, source] of guideFiles(guide))
      writeFileSync(join(folder, guide, name), source);
    writeAppTsconfig(join(folder, guide));
  }
}, 120_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(FRAMEWORK_GUIDES)('docs/guides/%s.md', (guide) => {
  it('shows the protected route, guard included, in one block of at most 10 lines', () => {
    const [route = '', ...more] = tsBlocks(guide, '## The protected route');
    expect(more).toEqual([]);
    expect(route).toMatch(/loginRequired\(\)/);
    expect(route.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
  });
});

describe.each(GUIDES)('docs/guides/%s.md', (guide) => {
  it('is an app.ts and a server.ts', () => {
    expect([...guideFiles(guide).keys()].sort()).toEqual(['app.ts', 'server.ts']);
  });

  it('type-checks as an app against the built package', async () => {
    const tsconfig = join(folder, guide, 'tsconfig.json');
    await expect(
      promisify(execFile)('npx', ['tsc', '-p', tsconfig], { cwd: ROOT }),
    ).resolves.toBeDefined();
  }, 120_000);

  it('runs the walk: CSRF refusals, login, remember-me, a restored login, logout', async () => {
    const { base, child } = await startGuideServer(guide);
    try {
      expect(await walkThroughLogin(base)).toEqual(EXPECTED_WALK);
    } finally {
      child.kill();
    }
  }, 60_000);
});
