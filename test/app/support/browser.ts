/**
 * @module An HTTP client over fetch that keeps cookies like one browser: Max-Age and
 * Expires, deletion, and browser-session cookies that vanish when it "closes".
 */
import { parseSetCookie } from '../../support/set-cookie.js';
import { csrfTokenOf } from './html.js';

/** One kept cookie. */
export interface JarCookie {
  readonly name: string;
  readonly value: string;
  /** Lower-case attribute names; flags map to ''. */
  readonly attributes: Readonly<Record<string, string>>;
  /** When it expires (by the jar's clock), or null for a browser-session cookie. */
  readonly expiresAt: number | null;
}

/** A response with its body already read. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The `Location` header, or null. */
  readonly location: string | null;
  readonly setCookies: readonly string[];
}

/** Form fields; an array value sends the field several times. */
export type Fields = Readonly<Record<string, string | readonly string[]>>;

/** Options of {@link Browser}. */
export interface BrowserOptions {
  /** Headers sent with every request unless a request sets them (e.g. a User-Agent). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The clock cookie expiry is judged by; the app's clock when it is injected. */
  readonly now?: () => number;
  /** The cookie jar, to share one between browsers (one person, several app processes). */
  readonly cookies?: Map<string, JarCookie>;
}

/**
 * One browser against one app: requests never follow redirects, cookies are kept and sent.
 *
 * @example const browser = new Browser(app.url); const page = await browser.get('/auth/login');
 */
export class Browser {
  readonly cookies: Map<string, JarCookie>;
  readonly #base: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #now: () => number;

  constructor(base: string, options: BrowserOptions = {}) {
    this.#base = base;
    this.#headers = options.headers ?? {};
    this.#now = options.now ?? Date.now;
    this.cookies = options.cookies ?? new Map();
  }

  /** The server this browser talks to. */
  get base(): string {
    return this.#base;
  }

  /**
   * The same browser pointed at another server (a second app process), sharing its cookies, or
   * holding `cookies` instead (a copy: the same cookie replayed elsewhere).
   */
  at(base: string, cookies: Map<string, JarCookie> = this.cookies): Browser {
    return new Browser(base, { headers: this.#headers, now: this.#now, cookies });
  }

  /** Sends any request; `path` may be absolute (a mailed link), only its path and query are used. */
  async request(path: string, init: RequestInit = {}): Promise<Reply> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.#headers)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    const cookie = this.cookieHeader();
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    const response = await fetch(new URL(pathOf(path), this.#base), {
      ...init,
      headers,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.#keep(line);
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      location: response.headers.get('location'),
      setCookies,
    };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.request(path, { headers });
  }

  /** POSTs urlencoded fields exactly as given (no token added). */
  post(path: string, fields: Fields, headers: Record<string, string> = {}): Promise<Reply> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: encodeFields(fields),
    });
  }

  /** The `csrf_token` of the form posting to `action` on the page at `page` (default `action`). */
  async csrfToken(action: string, page: string = action): Promise<string> {
    const reply = await this.get(page);
    const token = csrfTokenOf(reply.text, action);
    if (!token) throw new Error(`no csrf_token for ${action} on ${page} (status ${reply.status})`);
    return token;
  }

  /** Opens the form's page, then POSTs `fields` with the page's `csrf_token`, as a person would. */
  async submit(
    action: string,
    fields: Fields = {},
    options: { page?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const csrf = await this.csrfToken(action, options.page ?? action);
    return this.post(action, { ...fields, csrf_token: csrf }, options.headers ?? {});
  }

  /** The `Cookie` header this browser would send now. */
  cookieHeader(): string {
    return this.#live()
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  /** The live cookie by name, if kept. */
  cookie(name: string): JarCookie | undefined {
    return this.#live().find((cookie) => cookie.name === name);
  }

  /** Drops browser-session cookies, as closing the browser does; persistent ones stay. */
  closeBrowser(): void {
    for (const [name, cookie] of this.cookies) {
      if (cookie.expiresAt === null) this.cookies.delete(name);
    }
  }

  /** Sets a cookie by hand (replaying an old value, forging one). */
  setCookie(name: string, value: string, persistent = false): void {
    this.cookies.set(name, {
      name,
      value,
      attributes: {},
      expiresAt: persistent ? this.#now() + 86_400_000 : null,
    });
  }

  #live(): JarCookie[] {
    const now = this.#now();
    return [...this.cookies.values()].filter(
      (cookie) => cookie.expiresAt === null || cookie.expiresAt > now,
    );
  }

  #keep(line: string): void {
    const { name, value, attributes } = parseSetCookie(line);
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    let expiresAt: number | null = null;
    const maxAge = attributes['max-age'];
    if (maxAge !== undefined) expiresAt = this.#now() + Number(maxAge) * 1000;
    else if (attributes.expires !== undefined) expiresAt = Date.parse(attributes.expires);
    if (expiresAt !== null && expiresAt <= this.#now()) this.cookies.delete(name);
    else this.cookies.set(name, { name, value, attributes, expiresAt });
  }
}

/** Encodes fields as `application/x-www-form-urlencoded`, repeating array values. */
function encodeFields(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') params.append(name, value);
    else for (const one of value) params.append(name, one);
  }
  return params.toString();
}

/** The path and query of a URL or path. */
export function pathOf(pathOrUrl: string): string {
  if (pathOrUrl.startsWith('/')) return pathOrUrl;
  const url = new URL(pathOrUrl);
  return `${url.pathname}${url.search}`;
}
