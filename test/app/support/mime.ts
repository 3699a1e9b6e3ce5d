/**
 * @module Just enough MIME to read the app's mail in tests: headers, nested multipart,
 * quoted-printable and base64 bodies, and RFC 2047 encoded words in headers.
 */

/** A mail taken apart: its decoded subject and its text and HTML parts. */
export interface ParsedMail {
  readonly subject: string;
  /** Every `text/plain` part, decoded, joined. Empty when there is none. */
  readonly text: string;
  /** Every `text/html` part, decoded, joined. Empty when there is none. */
  readonly html: string;
  /** The content types of every leaf part, in order. */
  readonly partTypes: readonly string[];
}

interface Part {
  readonly headers: Map<string, string>;
  readonly body: string;
}

/** Parses a raw RFC 5322 message as nodemailer writes it. */
export function parseMail(raw: string): ParsedMail {
  const root = splitPart(raw);
  const leaves: { type: string; content: string }[] = [];
  collectLeaves(root, leaves);
  const join = (type: string) =>
    leaves
      .filter((leaf) => leaf.type === type)
      .map((leaf) => leaf.content)
      .join('\n');
  return {
    subject: decodeEncodedWords(root.headers.get('subject') ?? ''),
    text: join('text/plain'),
    html: join('text/html'),
    partTypes: leaves.map((leaf) => leaf.type),
  };
}

/** Decodes a quoted-printable body (soft line breaks and `=XX` escapes) as UTF-8. */
export function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (const piece of joined.split(/(=[0-9A-Fa-f]{2})/)) {
    if (/^=[0-9A-Fa-f]{2}$/.test(piece)) bytes.push(Number.parseInt(piece.slice(1), 16));
    else bytes.push(...Buffer.from(piece, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value. */
export function decodeEncodedWords(value: string): string {
  // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
  const glued = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
  return glued.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset, encoding, data) => {
    if (String(encoding).toUpperCase() === 'B') {
      return Buffer.from(String(data), 'base64').toString('utf8');
    }
    return decodeQuotedPrintable(String(data).replace(/_/g, ' '));
  });
}

function splitPart(raw: string): Part {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  // Folded header lines continue with leading whitespace.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectLeaves(part: Part, leaves: { type: string; content: string }[]): void {
  const contentType = part.headers.get('content-type') ?? 'text/plain';
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return;
    const sections = part.body.split(`--${boundary}`);
    // The first section is the preamble; the one starting with `--` is the epilogue.
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      collectLeaves(splitPart(section.replace(/^\r?\n/, '')), leaves);
    }
    return;
  }
  leaves.push({ type, content: decodeBody(part) });
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const body = part.body.replace(/\r?\n$/, '');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}
