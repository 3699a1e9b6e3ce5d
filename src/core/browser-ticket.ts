/**
 * @module Browser tickets: short-lived, single-use state bound to one browser by a cookie
 * holding `selector.validator`, while the token store keeps only the selector and
 * SHA-256(validator). A login waiting for its second factor and a passkey ceremony's
 * challenge ride on them; neither is a session.
 */
import type { CookieAttributes } from '../http/cookies.js';
import type { TokenRecord } from '../stores/types.js';
import type { RequestContext } from './request-context.js';
import { parseSplitToken } from './token.js';
import { findTokenRecord, issueTokenRecord } from './token-record.js';

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
  readonly #ctx: RequestContext<U>;

  constructor(ctx: RequestContext<U>) {
    this.#ctx = ctx;
  }

  /** Stores a new ticket and sets its cookie, replacing the one this browser held under `name`. */
  async issue(name: string, purpose: string, init: TicketInit): Promise<TokenRecord> {
    await this.#forgetStored(name);
    const { engine, jar } = this.#ctx;
    const now = engine.config.clock();
    const { value, record } = await issueTokenRecord(engine.stores.tokens, engine.config.random, {
      userId: init.userId,
      purpose,
      createdAt: now,
      expiresAt: now + init.lifetimeMs,
      data: init.data ?? null,
    });
    jar.set(this.cookieName(name), value, this.#attributes(init.lifetimeMs));
    return record;
  }

  /** The ticket this browser holds under `name` for `purpose`, unexpired; null otherwise (never throws). */
  async read(name: string, purpose: string): Promise<TokenRecord | null> {
    const { engine } = this.#ctx;
    const match = await findTokenRecord(
      engine.stores.tokens,
      this.#value(name),
      purpose,
      engine.config.clock(),
    );
    return match.kind === 'current' ? match.record : null;
  }

  /** Uses the ticket up (atomically: one of concurrent callers wins) and expires its cookie. */
  async take(name: string, purpose: string): Promise<TokenRecord | null> {
    const record = await this.read(name, purpose);
    if (this.#value(name) !== undefined) this.#expireCookie(name);
    if (!record) return null;
    const { engine } = this.#ctx;
    return engine.stores.tokens.consume(record.selector, purpose, engine.config.clock());
  }

  /** Ends the ticket under `name`, if the browser holds one, and expires its cookie. */
  async drop(name: string): Promise<void> {
    if (this.#value(name) === undefined) return;
    await this.#forgetStored(name);
    this.#expireCookie(name);
  }

  /** The cookie's full name: `__Host-` prefixed whenever the session cookie is. */
  cookieName(name: string): string {
    const { sessionCookieName, sessionCookie } = this.#ctx.engine.config;
    const prefixed = sessionCookieName.startsWith('__Host-') && sessionCookie.secure;
    return prefixed ? `__Host-${name}` : name;
  }

  /** This request's value: one set earlier in the request wins over the browser's. */
  #value(name: string): string | undefined {
    const full = this.cookieName(name);
    return this.#ctx.jar.pendingValue(full) ?? this.#ctx.cookies.get(full);
  }

  async #forgetStored(name: string): Promise<void> {
    const parsed = parseSplitToken(this.#value(name));
    if (parsed) await this.#ctx.engine.stores.tokens.delete(parsed.selector);
  }

  #expireCookie(name: string): void {
    this.#ctx.jar.delete(this.cookieName(name), this.#attributes(0));
  }

  #attributes(lifetimeMs: number): CookieAttributes {
    const base = this.#ctx.engine.config.sessionCookie;
    return lifetimeMs > 0 ? { ...base, maxAge: Math.ceil(lifetimeMs / 1000) } : base;
  }
}
