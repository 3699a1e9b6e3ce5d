/**
 * The README's quick start, pasted into a file that imports the package by its
 * name (a package may import itself through its `exports`): it must type-check
 * against the built `.d.ts` files and protect its route as the README says.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const folder = join(root, '.quickstart-check');

function quickStart(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README has no quick start code block');
  return match[1];
}

describe('README quick start', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'quickstart.ts'), quickStart());
    writeFileSync(
      join(folder, 'run.ts'),
      [
        "import { app } from './quickstart.js';",
        "const anonymous = await app.request('/');",
        "const json = await app.request('/', { headers: { accept: 'application/json' } });",
        'console.log(JSON.stringify({ status: anonymous.status, location: anonymous.headers.get("location"), json: json.status, body: await json.json() }));',
      ].join('\n'),
    );
    writeFileSync(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    );
  }, 120_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('type-checks against the published types', () => {
    expect(() =>
      execFileSync('npx', ['tsc', '-p', join(folder, 'tsconfig.json')], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  }, 120_000);

  it('redirects an anonymous visit to the login view and gives JSON clients a 401', () => {
    const out = execFileSync('node', ['--import', 'tsx', join(folder, 'run.ts')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      status: 302,
      location: '/login?next=%2F',
      json: 401,
      body: { error: 'login_required' },
    });
  }, 60_000);
});
