/**
 * @module HTTP/1.1 over a bare socket, for requests fetch refuses to send: a forged `Host`,
 * raw bytes in headers and paths, invalid UTF-8 bodies.
 */
import { connect } from 'node:net';

/** A raw request: the request line and headers are written byte for byte. */
export interface RawRequest {
  readonly method?: string;
  /** Sent as is, so bad percent-encodings and raw bytes reach the server. */
  readonly path: string | Buffer;
  /** Header lines in order; values may be Buffers of any bytes. */
  readonly headers?: readonly (readonly [string, string | Buffer])[];
  readonly body?: string | Buffer;
}

/** What came back. */
export interface RawReply {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `\n`. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/**
 * Sends one request on a fresh connection (`Connection: close`) and reads the whole answer.
 *
 * @example const reply = await rawRequest(app.url, { path: '/', headers: [['host', 'evil.test']] });
 */
export function rawRequest(base: string, request: RawRequest): Promise<RawReply> {
  const url = new URL(base);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const headers = [...(request.headers ?? [])];
  const has = (name: string) => headers.some(([key]) => key.toLowerCase() === name);
  if (!has('host')) headers.unshift(['host', url.host]);
  const chunked = has('transfer-encoding');
  if (!chunked && !has('content-length') && (body.length > 0 || request.method === 'POST')) {
    headers.push(['content-length', String(body.length)]);
  }
  headers.push(['connection', 'close']);
  const head = Buffer.concat([
    Buffer.from(`${request.method ?? 'GET'} `),
    Buffer.from(request.path),
    Buffer.from(' HTTP/1.1\r\n'),
    ...headers.map(([name, value]) =>
      Buffer.concat([Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n')]),
    ),
    Buffer.from('\r\n'),
  ]);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseReply(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    // write, not end: a half-closed socket lets the server drop a request still being handled.
    socket.write(Buffer.concat([head, body]));
  });
}

function parseReply(data: Buffer): RawReply {
  const split = data.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`no HTTP answer: ${JSON.stringify(data.toString('latin1'))}`);
  const [statusLine = '', ...lines] = data.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}\n${value}` : value);
  }
  let body = data.subarray(split + 4);
  if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') body = dechunk(body);
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
