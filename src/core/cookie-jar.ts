/** @module Cookies a request wants to set, recorded as intent and rendered once when the response leaves. */
import {
  type CookieAttributes,
  serializeCookie,
  serializeCookieDeletion,
} from '../http/cookies.js';

type Pending =
  | { readonly kind: 'set'; readonly value: string; readonly attributes: CookieAttributes }
  | { readonly kind: 'delete'; readonly attributes: CookieAttributes };

/** The last write per cookie name wins; `flush()` renders each once. */
export class CookieJar {
  // Most requests set no cookie at all: the map is made on the first write.
  #pending: Map<string, Pending> | null = null;
  #flushed = false;

  set(name: string, value: string, attributes: CookieAttributes): void {
    this.#writes().set(name, { kind: 'set', value, attributes });
  }

  /** Expires a cookie with the same attributes it was set with. */
  delete(name: string, attributes: CookieAttributes): void {
    this.#writes().set(name, { kind: 'delete', attributes });
  }

  /** The value this request is about to set for `name`, if any. */
  pendingValue(name: string): string | undefined {
    const write = this.#pending?.get(name);
    return write?.kind === 'set' ? write.value : undefined;
  }

  /** The `Set-Cookie` values, once; later calls return nothing. */
  flush(): string[] {
    if (this.#flushed) return [];
    this.#flushed = true;
    if (this.#pending === null) return [];
    return [...this.#pending].map(([name, write]) =>
      write.kind === 'set'
        ? serializeCookie(name, write.value, write.attributes)
        : serializeCookieDeletion(name, write.attributes),
    );
  }

  #writes(): Map<string, Pending> {
    this.#pending ??= new Map();
    return this.#pending;
  }
}
