/**
 * @module Re-renders docs/benchmarks.md from a saved full run (after editing bench/notes.md),
 * without measuring again: `node --import tsx bench/runner/render.ts bench/results/full-….json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { renderReport } from './report.js';
import type { BenchResults } from './results.js';
import { ROOT_DIR } from './stacks.js';

const file = process.argv[2];
if (!file) throw new Error('usage: render.ts <results json>');
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
writeFileSync(
  join(ROOT_DIR, 'docs/benchmarks.md'),
  renderReport(results, relative(ROOT_DIR, resolve(file))),
);
process.stderr.write('docs/benchmarks.md re-rendered\n');
