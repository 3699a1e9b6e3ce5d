/**
 * The README's quick start, pasted into a file beside a fresh build of the package
 * (imported by its name, through its `exports`): it must type-check against the
 * built `.d.ts` files and protect its route as the README says.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackageInto, ROOT as root, writeAppTsconfig } from '../support/build-package.js';

let folder = '';

function quickStart(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README has no quick start code block');
  return match[1];
}

describe('README quick start', () => {
  beforeAll(() => {
    folder = buildPackageInto('readme');
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
    writeAppTsconfig(folder);
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
