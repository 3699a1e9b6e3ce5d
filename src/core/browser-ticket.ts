/**
 * @module Browser tickets: short-lived, single-use state bound to one browser by a cookie
 * holding `selector.validator`, while the token store keeps only the selector and
 * SHA-256(validator). A login waiting for its second factor and a passkey ceremony's
 * challenge ride on them; neither is a session.
 */
import type { CookieAttributes } from '../http/cookies.js';
import type { TokenRecord } from '../stores/types.js';
import type { CookieJar } from './cookie-jar.js';
import type { AuthEngine } from './engine.js';
import { generateSplitToken, hashesEqual, hashSecret, parseSplitToken } from './token.js';

/** What a new ticket holds. */
export interface TicketInit {
  /** The user it is for; empty when not known yet (a passkey sign-in's challenge). */
  readonly userId: string;
  readonly lifetimeMs: number;
  /** Small JSON data kept server-side, never in the cookie. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * One request's tickets: each lives under its own cookie name and purpose, and a purpose
 * never reads another's record.
 *
 * @example await auth.tickets.issue('passkey_challenge', 'passkey-login', { userId: '', lifetimeMs: 300_000, data });
 */
export class BrowserTickets<U> {
  readonly #engine: AuthEngine<U>;
  readonly #cookies: ReadonlyMap<string, string>;
  readonly #jar: CookieJar;

  constructor(engine: AuthEngine<U>, cookies: ReadonlyMap<string, string>, jar: CookieJar) {
    this.#engine = engine;
    this.#cookies = cookies;
    this.#jar = jar;
  }

  /** Stores a new ticket and sets its cookie, replacing the one this browser held under `name`. */
  async issue(name: string, purpose: string, init: TicketInit): Promise<TokenRecord> {
    await this.#forgetStored(name);
    const { clock, random } = this.#engine.config;
    const now = clock();
    const token = generateSplitToken(random);
    const record: TokenRecord = {
      selector: token.selector,
      userId: init.userId,
      purpose,
      hash: token.hash,
      previousHash: null,
      rotatedAt: null,
      createdAt: now,
      expiresAt: now + init.lifetimeMs,
      data: init.data ?? null,
    };
    await this.#engine.stores.tokens.create(record);
    this.#jar.set(this.cookieName(name), token.value, this.#attributes(init.lifetimeMs));
    return record;
  }

  /** The ticket this browser holds under `name` for `purpose`, unexpired; null otherwise (never throws). */
  async read(name: string, purpose: string): Promise<TokenRecord | null> {
    const parsed = parseSplitToken(this.#value(name));
    if (!parsed) return null;
    const record = await this.#engine.stores.tokens.get(parsed.selector);
    const good =
      record !== null &&
      record.purpose === purpose &&
      record.expiresAt > this.#engine.config.clock() &&
      hashesEqual(hashSecret(parsed.validator), record.hash);
    return good ? record : null;
  }

  /** Uses the ticket up (atomically: one of concurrent callers wins) and expires its cookie. */
  async take(name: string, purpose: string): Promise<TokenRecord | null> {
    const record = await this.read(name, purpose);
    if (this.#value(name) !== undefined) this.#expireCookie(name);
    if (!record) return null;
    return this.#engine.stores.tokens.consume(
      record.selector,
      purpose,
      this.#engine.config.clock(),
    );
  }

  /** Ends the ticket under `name`, if the browser holds one, and expires its cookie. */
  async drop(name: string): Promise<void> {
    if (this.#value(name) === undefined) return;
    await this.#forgetStored(name);
    this.#expireCookie(name);
  }

  /** The cookie's full name: `__Host-` prefixed whenever the session cookie is. */
  cookieName(name: string): string {
    const { sessionCookieName, sessionCookie } = this.#engine.config;
    const prefixed = sessionCookieName.startsWith('__Host-') && sessionCookie.secure;
    return prefixed ? `__Host-${name}` : name;
  }

  /** This request's value: one set earlier in the request wins over the browser's. */
  #value(name: string): string | undefined {
    const full = this.cookieName(name);
    return this.#jar.pendingValue(full) ?? this.#cookies.get(full);
  }

  async #forgetStored(name: string): Promise<void> {
    const parsed = parseSplitToken(this.#value(name));
    if (parsed) await this.#engine.stores.tokens.delete(parsed.selector);
  }

  #expireCookie(name: string): void {
    this.#jar.delete(this.cookieName(name), this.#attributes(0));
  }

  #attributes(lifetimeMs: number): CookieAttributes {
    const base = this.#engine.config.sessionCookie;
    return lifetimeMs > 0 ? { ...base, maxAge: Math.ceil(lifetimeMs / 1000) } : base;
  }
}
