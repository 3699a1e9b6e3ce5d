/**
 * @module Reading the app's server-rendered HTML in tests: start tags and their attributes,
 * forms and their fields, elements by attribute, and visible text.
 */

/** One start tag. */
export interface Tag {
  readonly name: string;
  /** Lower-case attribute names, entity-decoded values; bare attributes map to ''. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Where the tag starts and ends in the source. */
  readonly start: number;
  readonly end: number;
}

/** One form and the fields inside it. */
export interface Form {
  /** The `form` tag's own attributes, as {@link Tag.attributes}. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly action: string;
  readonly method: string;
  readonly fields: readonly Tag[];
}

/** Every start tag named `name` (or every start tag when omitted), in document order. */
export function tags(html: string, name?: string): Tag[] {
  const found: Tag[] = [];
  for (const match of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const tagName = (match[1] ?? '').toLowerCase();
    if (name !== undefined && tagName !== name) continue;
    found.push({
      name: tagName,
      attributes: parseAttributes(match[2] ?? ''),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return found;
}

/** Every form with its `input`, `select`, `textarea` and `button` fields. */
export function forms(html: string): Form[] {
  const result: Form[] = [];
  for (const match of html.matchAll(/<form\b[\s\S]*?<\/form>/gi)) {
    const source = match[0];
    const [open] = tags(source, 'form');
    const fields = tags(source).filter((tag) =>
      ['input', 'select', 'textarea', 'button'].includes(tag.name),
    );
    result.push({
      attributes: open?.attributes ?? {},
      action: open?.attributes.action ?? '',
      method: (open?.attributes.method ?? 'get').toLowerCase(),
      fields,
    });
  }
  return result;
}

/** The form posting to `action` (ignoring any query string), if the page has one. */
export function formFor(html: string, action: string): Form | undefined {
  return forms(html).find((form) => form.action.split('?')[0] === action.split('?')[0]);
}

/** The `csrf_token` of the form posting to `action`, else of any form on the page. */
export function csrfTokenOf(html: string, action?: string): string | undefined {
  const candidates = action === undefined ? forms(html) : [formFor(html, action), ...forms(html)];
  for (const form of candidates) {
    const input = form?.fields.find((field) => field.attributes.name === 'csrf_token');
    if (input?.attributes.value) return input.attributes.value;
  }
  return undefined;
}

/** The `input` named `name` inside any form, if there is one. */
export function inputNamed(html: string, name: string): Tag | undefined {
  return tags(html, 'input').find((tag) => tag.attributes.name === name);
}

/** Every element carrying `attribute`, with its inner HTML (matched by balanced tags). */
export function elementsWith(html: string, attribute: string): { tag: Tag; inner: string }[] {
  return tags(html)
    .filter((tag) => attribute in tag.attributes)
    .map((tag) => ({ tag, inner: innerHtml(html, tag) }));
}

/** The `href` of every link, entity-decoded. */
export function hrefs(html: string): string[] {
  return tags(html, 'a').map((tag) => tag.attributes.href ?? '');
}

/** The page's visible text: tags removed, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  const withoutHidden = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(withoutHidden).replace(/\s+/g, ' ').trim();
}

/** Decodes the character references servers write (named basics and numeric). */
function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return named[ref.toLowerCase()] ?? all;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(
    /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g,
  )) {
    const name = (match[1] ?? '').toLowerCase();
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta']);

function innerHtml(html: string, open: Tag): string {
  if (VOID_ELEMENTS.has(open.name)) return '';
  const pattern = new RegExp(`<(/?)${open.name}\\b[^>]*>`, 'gi');
  pattern.lastIndex = open.end;
  let depth = 1;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    depth += match[1] === '/' ? -1 : 1;
    if (depth === 0) return html.slice(open.end, match.index);
  }
  return html.slice(open.end);
}
