/**
 * @module Flash messages carried to the next page in a short-lived cookie, so
 * they work for anonymous visitors too (the login redirect's "please log in").
 */

/** One message to show on the next page. */
export interface FlashMessage {
  readonly category: string;
  readonly message: string;
}

/** Cookies are small: keep at most this many encoded characters. */
const MAX_ENCODED = 3000;

/** Encodes messages for the flash cookie, dropping the oldest when too long. */
export function encodeFlashes(messages: readonly FlashMessage[]): string {
  let list = [...messages];
  for (;;) {
    const encoded = Buffer.from(JSON.stringify(list.map((m) => [m.category, m.message]))).toString(
      'base64url',
    );
    if (encoded.length <= MAX_ENCODED || list.length === 0) return encoded;
    list = list.slice(1);
  }
}

/** Decodes the flash cookie; anything malformed is no messages (never throws). */
export function decodeFlashes(value: string | undefined): FlashMessage[] {
  if (!value || value.length > MAX_ENCODED) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((entry: unknown) =>
      Array.isArray(entry) &&
      entry.length === 2 &&
      typeof entry[0] === 'string' &&
      typeof entry[1] === 'string'
        ? [{ category: entry[0], message: entry[1] }]
        : [],
    );
  } catch {
    return [];
  }
}

/** One request's flash messages: those that arrived in the cookie plus those added now. */
export class FlashBox {
  readonly #arrived: string | undefined;
  #messages: FlashMessage[] | null = null;

  /** `arrived` is the request's flash cookie value, if any. */
  constructor(arrived: string | undefined) {
    this.#arrived = arrived;
  }

  add(message: FlashMessage): void {
    this.#messages ??= decodeFlashes(this.#arrived);
    this.#messages.push(message);
  }

  /** The waiting messages, removed as they are read. */
  take(): FlashMessage[] {
    const messages = this.#messages ?? decodeFlashes(this.#arrived);
    this.#messages = [];
    return messages;
  }

  /** The cookie to send: the encoded messages, `null` to delete it, or `undefined` to leave it. */
  outgoing(): string | null | undefined {
    if (this.#messages === null) return undefined;
    if (this.#messages.length > 0) return encodeFlashes(this.#messages);
    return this.#arrived === undefined ? undefined : null;
  }
}
