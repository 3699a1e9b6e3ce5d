import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ALLOWED = new Set(['cookie', 'node:crypto', 'node:net']);
const folder = new URL('./', import.meta.url);

function importsOf(source: string): string[] {
  // Static `import … from`, `export … from`, bare `import '…'` and dynamic `import('…')`.
  const pattern = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? '');
}

describe('src/http imports', () => {
  const files = readdirSync(folder).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
  );

  it('the http folder has source files to check', () => {
    expect(files).toContain('index.ts');
  });

  it.each(files)('%s imports no framework, database driver or node:http', (file) => {
    const source = readFileSync(new URL(file, folder), 'utf8');
    const refused = importsOf(source).filter(
      (specifier) =>
        !specifier.startsWith('./') && specifier !== '../errors.js' && !ALLOWED.has(specifier),
    );
    expect(refused).toEqual([]);
  });
});
