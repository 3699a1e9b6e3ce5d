/**
 * @module Builds the package into a scratch folder's own `node_modules/latchkey`, so
 * tests that check docs against the built package never share (or race on) `dist/`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Where docs checks write their files; git-ignored. */
export const SCRATCH = join(ROOT, '.docs-check');

/**
 * Empties `SCRATCH/name`, builds the package into its `node_modules/latchkey` (so
 * `import 'latchkey/…'` there resolves through the real `exports`), and returns the folder.
 * Packages the build imports (frameworks, drivers) resolve from the repository's own.
 */
export function buildPackageInto(name: string): string {
  const folder = join(SCRATCH, name);
  const pkg = join(folder, 'node_modules', 'latchkey');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  const build = spawnSync(
    'npx',
    ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(pkg, 'dist'), '--sourceMap', 'false'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  // tsc reports type errors on stdout: show them, not just an exit code.
  if (build.status !== 0)
    throw new Error(`Building the package failed:\n${build.stdout}${build.stderr}`);
  copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  // An app's own package.json: without it Node would resolve `latchkey` as the
  // repository's self-reference (its dist/) before looking in node_modules.
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name: `docs-check-${name}`, private: true, type: 'module' }),
  );
  return folder;
}

/** Writes a strict `tsconfig.json` into `folder` covering its `*.ts` files, as an app would have. */
export function writeAppTsconfig(folder: string): string {
  const path = join(folder, 'tsconfig.json');
  writeFileSync(
    path,
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
  return path;
}
