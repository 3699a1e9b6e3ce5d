/**
 * @module Form bodies: URL-encoded only, at most 64 KiB, strictly decoded into a Map
 * (so `__proto__` and friends are just names), with repeated fields kept for the handler to refuse
 * (or, for the few fields that may repeat, to read with {@link fieldValues}).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** A parsed form: every value sent under each name, in order. */
export type FormFields = ReadonlyMap<string, readonly string[]>;

declare module 'hono' {
  interface ContextVariableMap {
    /** The parsed form of a POST (set by {@link formBody}). */
    form: FormFields;
  }
}

/** The largest form body accepted, in bytes. */
export const FORM_BODY_LIMIT = 64 * 1024;
/** More fields than any form of the app has, by far. */
const MAX_FIELDS = 256;
/** Methods that carry no form and change nothing: neither parsed nor CSRF-checked. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Parses the body of every request that has one: `415` unless URL-encoded UTF-8, `413` over
 * the limit, `400` for bad percent-encoding or bytes that are not UTF-8.
 *
 * @example app.use(formBody());
 */
export function formBody(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    c.set('form', await readForm(c));
    return next();
  };
}

/**
 * The single value of a field ('' when absent); `400` when the field came more than once.
 *
 * @example const email = field(c.var.form, 'email');
 */
export function field(form: FormFields, name: string): string {
  const values = form.get(name);
  if (values === undefined) return '';
  if (values.length > 1) {
    throw new HTTPException(400, { message: `The field "${name}" was sent more than once.` });
  }
  return values[0] ?? '';
}

/**
 * Every value of a field that may repeat (e.g. `scope`), in order; empty when absent.
 *
 * @example const scopes = fieldValues(c.var.form, 'scope');
 */
export function fieldValues(form: FormFields, name: string): readonly string[] {
  return form.get(name) ?? [];
}

async function readForm(c: Context): Promise<FormFields> {
  const type = c.req.header('content-type');
  const encoding = c.req.header('content-encoding');
  const length = c.req.header('content-length');
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new HTTPException(415, { message: 'Compressed form bodies are not accepted.' });
  }
  if (length !== undefined && Number(length) > FORM_BODY_LIMIT) throw tooLarge();
  const bytes = await readCapped(c.req.raw.body);
  if (type === undefined && bytes.length === 0) return new Map();
  if (!isUrlEncodedUtf8(type)) {
    throw new HTTPException(415, {
      message: 'Forms must be sent as application/x-www-form-urlencoded (UTF-8).',
    });
  }
  return parseUrlEncoded(bytes);
}

function isUrlEncodedUtf8(type: string | undefined): boolean {
  if (type === undefined) return false;
  const [media = '', ...params] = type.split(';').map((part) => part.trim().toLowerCase());
  if (media !== 'application/x-www-form-urlencoded') return false;
  return params.every(
    (param) => !param.startsWith('charset=') || /^charset="?utf-8"?$/.test(param),
  );
}

async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
  if (body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > FORM_BODY_LIMIT) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Decodes like URLSearchParams, but refuses what it would silently mangle into U+FFFD. */
function parseUrlEncoded(bytes: Uint8Array): FormFields {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badEncoding();
  }
  const fields = new Map<string, string[]>();
  const pairs = text.split('&').filter((pair) => pair !== '');
  if (pairs.length > MAX_FIELDS) {
    throw new HTTPException(400, { message: 'The form has too many fields.' });
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = decode(at === -1 ? pair : pair.slice(0, at));
    const value = at === -1 ? '' : decode(pair.slice(at + 1));
    const values = fields.get(name);
    if (values) values.push(value);
    else fields.set(name, [value]);
  }
  return fields;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replaceAll('+', ' '));
  } catch {
    throw badEncoding();
  }
}

function tooLarge(): HTTPException {
  return new HTTPException(413, { message: 'The form is larger than 64 KiB.' });
}

function badEncoding(): HTTPException {
  return new HTTPException(400, { message: 'The form is not valid URL-encoded UTF-8.' });
}
