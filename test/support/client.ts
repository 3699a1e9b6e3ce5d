/** @module A cookie-keeping test client over any fetch-like handler (Hono's `app.request`). */
import { parseSetCookie } from './set-cookie.js';

type Handler = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** One cookie as the browser keeps it. */
export interface KeptCookie {
  readonly value: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly raw: string;
}

/**
 * Sends requests and keeps cookies like a browser would for one origin
 * (Max-Age=0 deletes; no expiry makes a browser-session cookie).
 */
export class TestClient {
  readonly cookies = new Map<string, KeptCookie>();
  readonly #handler: Handler;
  readonly #headers: Record<string, string>;
  /** The last response's `Set-Cookie` lines. */
  lastSetCookies: string[] = [];

  constructor(handler: Handler, headers: Record<string, string> = {}) {
    this.#handler = handler;
    this.#headers = headers;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.#headers)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    const cookie = this.cookieHeader();
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    const response = await this.#handler(path, { ...init, headers });
    this.lastSetCookies = response.headers.getSetCookie();
    for (const line of this.lastSetCookies) this.#keep(line);
    return response;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, cookie]) => `${name}=${cookie.value}`).join('; ');
  }

  /** Drops browser-session cookies, as closing the browser does. */
  closeBrowser(): void {
    for (const [name, cookie] of this.cookies) {
      if (!('max-age' in cookie.attributes) && !('expires' in cookie.attributes)) {
        this.cookies.delete(name);
      }
    }
  }

  #keep(line: string): void {
    const { name, value, attributes } = parseSetCookie(line);
    const expired =
      attributes['max-age'] === '0' ||
      (attributes.expires !== undefined && Date.parse(attributes.expires) <= Date.now() - 1000);
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, { value, attributes, raw: line });
  }
}
