/** @module Reading `Set-Cookie` lines, for the test clients' cookie jars and for assertions. */

/** One `Set-Cookie` line, taken apart. */
export interface ParsedSetCookie {
  readonly name: string;
  readonly value: string;
  /** Attribute names in lower case; flags (HttpOnly, Secure) map to ''. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Splits a `Set-Cookie` line into name, raw value and attributes. */
export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string> = {};
  for (const part of rest) {
    const [key = '', ...value] = part.trim().split('=');
    attributes[key.toLowerCase()] = value.join('=');
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** Every `Set-Cookie` line for one cookie name. */
export function setCookiesNamed(lines: readonly string[], name: string): ParsedSetCookie[] {
  return lines.map(parseSetCookie).filter((cookie) => cookie.name === name);
}

/** The single `Set-Cookie` line for a name, or undefined; throws when there are several. */
export function setCookieNamed(
  lines: readonly string[],
  name: string,
): ParsedSetCookie | undefined {
  const found = setCookiesNamed(lines, name);
  if (found.length > 1) throw new Error(`${found.length} Set-Cookie lines for ${name}`);
  return found[0];
}

/** True when the line expires the cookie (Max-Age=0). */
export function isDeletion(cookie: ParsedSetCookie | undefined): boolean {
  return cookie?.attributes['max-age'] === '0';
}

/** The attributes that must match between setting and deleting a cookie. */
export function scopeOf(cookie: ParsedSetCookie): Record<string, string | undefined> {
  const { path, domain, secure, httponly, samesite } = cookie.attributes;
  return { path, domain, secure, httponly, samesite };
}
