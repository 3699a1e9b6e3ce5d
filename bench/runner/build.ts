/**
 * @module Transpiles the bench apps and the library's sources to plain JavaScript under
 * bench/.build (esbuild, file by file, no bundling), so the apps run as users run Latchkey:
 * compiled, with no loader hooks or transpiler shims on the hot path. Also builds an older
 * commit's sources for `bench:compare`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test-support' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/**
 * Writes `<out>/src/**` from `<root>/src` and `<out>/bench/apps/**` from `appsRoot`.
 *
 * @example await buildApps(ROOT_DIR, BENCH_DIR, join(BENCH_DIR, '.build'));
 */
export async function buildApps(root: string, appsRoot: string, out: string): Promise<void> {
  const files = [...sources(join(root, 'src')), ...sources(join(appsRoot, 'apps'))];
  const common = {
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  } as const;
  await build({ ...common, entryPoints: sources(join(root, 'src')), outbase: root, outdir: out });
  await build({
    ...common,
    entryPoints: sources(join(appsRoot, 'apps')),
    outbase: join(appsRoot, '..'),
    outdir: out,
  });
  process.stderr.write(`built ${files.length} files into ${relative(process.cwd(), out) || out}\n`);
}
