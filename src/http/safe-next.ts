/** @module The `next` redirect target check: only same-origin paths survive. */

/** Longer `next` values are refused outright. */
export const MAX_NEXT_LENGTH = 2_048;

const PLACEHOLDER_ORIGIN = 'http://localhost.invalid';

// C0 controls, DEL and C1 controls: browsers strip or reinterpret them while parsing a URL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Anything past Latin-1 means the value was not taken from a URL the browser produced.
const BEYOND_LATIN1 = /[\u0100-\uffff]/;
const ABSOLUTE_HTTP = /^https?:\/\//i;
// Servers that decode before redirecting could be fooled by an encoded `%252F`, so decode a few times.
const DECODE_ROUNDS = 3;

/**
 * Returns the same-origin path a `next` value resolves to, or null for anything that could leave the site.
 *
 * @example
 * safeNext('/a/../b?x=1'); // '/b?x=1'
 * safeNext('//evil.test'); // null
 * safeNext('http://app.test/x', { origin: 'http://app.test' }); // '/x'
 */
export function safeNext(value: unknown, options?: { origin?: string }): string | null {
  try {
    return check(value, options?.origin);
  } catch {
    return null;
  }
}

function check(value: unknown, origin: string | undefined): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NEXT_LENGTH) {
    return null;
  }
  if (CONTROL.test(value) || BEYOND_LATIN1.test(value)) return null;
  const base = new URL(origin ?? PLACEHOLDER_ORIGIN);
  if (base.origin === 'null') return null;
  if (value.startsWith('/')) return resolvePath(value, base.origin);
  if (origin === undefined || !ABSOLUTE_HTTP.test(value)) return null;
  // A full URL on our own origin is reduced to its path, which then passes the same checks.
  const absolute = new URL(value);
  if (absolute.origin !== base.origin || absolute.username !== '' || absolute.password !== '') {
    return null;
  }
  if (pathPart(value.slice(absolute.protocol.length + 2)).includes('\\')) return null;
  return resolvePath(`${absolute.pathname}${absolute.search}${absolute.hash}`, base.origin);
}

function resolvePath(path: string, origin: string): string | null {
  if (!startsWithOneSlash(path) || pathPart(path).includes('\\') || !decodedIsSafe(path, origin)) {
    return null;
  }
  const url = new URL(path, origin);
  if (url.origin !== origin) return null;
  const resolved = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse `/..//x` into `//x`, which a browser reads as another host, and
  // `/%2e%2e/%2fx` into `/%2fx`, which a decoding server reads as `//x`: check the result again.
  return startsWithOneSlash(resolved) && decodedIsSafe(resolved, origin) ? resolved : null;
}

function decodedIsSafe(path: string, origin: string): boolean {
  let current = path;
  for (let round = 0; round < DECODE_ROUNDS && current.includes('%'); round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      // Malformed encoding in what was sent is refused; deeper layers are plain text.
      if (round === 0) return false;
      break;
    }
    if (CONTROL.test(decoded) || !startsWithOneSlash(decoded) || !staysHome(decoded, origin)) {
      return false;
    }
    current = decoded;
  }
  return true;
}

/** True when a browser reading the decoded form, dot segments resolved, stays on this origin's paths. */
function staysHome(decoded: string, origin: string): boolean {
  try {
    const url = new URL(decoded, origin);
    return url.origin === origin && startsWithOneSlash(url.pathname);
  } catch {
    return false;
  }
}

function startsWithOneSlash(path: string): boolean {
  return path.startsWith('/') && path[1] !== '/' && path[1] !== '\\';
}

function pathPart(reference: string): string {
  const end = reference.search(/[?#]/);
  return end === -1 ? reference : reference.slice(0, end);
}
