/**
 * docs/security.md stays true: every `file › test name` it cites names a test file that exists
 * and holds a test with exactly that name; every ASVS 5.0.0 requirement of V6 and V7 at levels
 * 1 and 2, and every NIST row, has a proof, a deviation or a reason it does not apply; and no
 * row is left "planned" (work on another branch is not a proof).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const DOC = readFileSync(new URL('docs/security.md', ROOT), 'utf8');

/** ASVS 5.0.0, V6 and V7, levels 1 and 2 (from the standard's own CSV). */
const IN_SCOPE = [
  ...['6.1.1', '6.1.2', '6.1.3'],
  ...['6.2.1', '6.2.2', '6.2.3', '6.2.4', '6.2.5', '6.2.6', '6.2.7', '6.2.8', '6.2.9', '6.2.10'],
  ...['6.2.11', '6.2.12', '6.3.1', '6.3.2', '6.3.3', '6.3.4', '6.4.1', '6.4.2', '6.4.3', '6.4.4'],
  ...['6.5.1', '6.5.2', '6.5.3', '6.5.4', '6.5.5', '6.6.1', '6.6.2', '6.6.3'],
  ...['6.8.1', '6.8.2', '6.8.3', '6.8.4'],
  ...['7.1.1', '7.1.2', '7.1.3', '7.2.1', '7.2.2', '7.2.3', '7.2.4', '7.3.1', '7.3.2'],
  ...['7.4.1', '7.4.2', '7.4.3', '7.4.4', '7.4.5', '7.5.1', '7.5.2', '7.6.1', '7.6.2'],
].map((id) => `V${id}`);

/** A cited test: `path › name`. */
interface Citation {
  readonly file: string;
  readonly name: string;
}

/** Every `path/x.test.ts › name` (or a shared `test/…-conformance.ts` suite) in inline code. */
function citationsIn(markdown: string): Citation[] {
  const found: Citation[] = [];
  const cited = /`((?:src|test)\/[^`\s]+(?:\.test\.tsx?|-conformance\.ts)) › ([^`]+)`/g;
  for (const match of markdown.matchAll(cited)) {
    found.push({ file: match[1] ?? '', name: match[2] ?? '' });
  }
  return found;
}

/** The titles of every `it(…)` / `test(…)` in a test file's text, quotes unescaped. */
function testNamesIn(source: string): Set<string> {
  const names = new Set<string>();
  const call =
    /\b(?:it|test)(?:\.(?:skip|only|concurrent|fails))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const match of source.matchAll(call)) {
    names.add((match[2] ?? '').replace(/\\(.)/g, '$1'));
  }
  return names;
}

/** What is wrong with a citation, or null when the file has a test of that name. */
function problemWith(citation: Citation): string | null {
  const url = new URL(citation.file, ROOT);
  if (!existsSync(url)) return `${citation.file} does not exist`;
  if (!testNamesIn(readFileSync(url, 'utf8')).has(citation.name)) {
    return `${citation.file} has no test named "${citation.name}"`;
  }
  return null;
}

/** The proof cells of the NIST table (the rows after its heading, up to the next section). */
function nistProofs(markdown: string): string[] {
  const section =
    markdown.split(/^## /m).find((part) => part.startsWith('NIST SP 800-63B-4')) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\| (rule|---) /.test(line))
    .map((line) => line.split(' | ')[1]?.replace(/ \|$/, '') ?? '');
}

/** Lines of a page that leave a requirement to later work instead of proving it. */
function promisesIn(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => /\bplanned\b\s*:|\(wip-[\w-]+\)|\bwip-[\w-]+ (branch|lands)/i.test(line));
}

/** A proof cell that is neither a cited test nor a stated reason. */
function unproven(proof: string): boolean {
  return citationsIn(proof).length === 0 && !/^(deviation|n\/a|this page)/.test(proof);
}

describe('docs/security.md', () => {
  const citations = citationsIn(DOC);

  it('cites tests, and every cited test exists under that exact name', () => {
    expect(citations.length).toBeGreaterThan(100);
    expect(citations.map(problemWith).filter((problem) => problem !== null)).toEqual([]);
  });

  it('the check fails for a wrong name, a wrong file and a name only in a comment', () => {
    const real = citations[0] as Citation;
    expect(problemWith({ ...real, name: `${real.name} (renamed)` })).toMatch(/has no test named/);
    expect(problemWith({ ...real, file: 'test/nowhere/missing.test.ts' })).toMatch(/not exist/);
    expect(
      testNamesIn('// it(\'only a comment mentions it\')\nit("a \\"quoted\\" one", () => {});'),
    ).toEqual(new Set(['only a comment mentions it', 'a "quoted" one']));
  });

  it('has a row for every ASVS 5.0.0 V6 and V7 requirement at levels 1 and 2, each with a proof or a stated reason', () => {
    const rows = new Map<string, string>();
    for (const line of DOC.split('\n')) {
      const cells = line.split('|').map((cell) => cell.trim());
      if (/^V\d+\.\d+\.\d+$/.test(cells[1] ?? '')) rows.set(cells[1] ?? '', cells[4] ?? '');
    }
    const missing = IN_SCOPE.filter((id) => !rows.has(id));
    expect(missing).toEqual([]);
    expect(IN_SCOPE.filter((id) => unproven(rows.get(id) ?? ''))).toEqual([]);
  });

  it('proves every NIST SP 800-63B-4 rule it lists, or states a deviation', () => {
    const proofs = nistProofs(DOC);
    expect(proofs.length).toBeGreaterThan(25);
    expect(proofs.filter(unproven)).toEqual([]);
  });

  it('leaves nothing planned: every row is proved, a deviation, or not applicable', () => {
    expect(promisesIn(DOC)).toEqual([]);
    expect(unproven('planned: TOTP (wip-2fa)')).toBe(true);
    expect(promisesIn('| V6.5.1 | 2 | x | planned: TOTP (wip-2fa) |\nfine')).toHaveLength(1);
    expect(promisesIn('a row is still marked as planned work')).toEqual([]);
  });

  it('cites a test of a shared conformance suite by its file', () => {
    const conformance = citations.filter((c) => c.file.endsWith('-conformance.ts'));
    expect(conformance.length).toBeGreaterThan(0);
    expect(conformance.map(problemWith).filter((problem) => problem !== null)).toEqual([]);
  });
});
