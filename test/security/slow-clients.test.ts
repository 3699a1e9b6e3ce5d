/**
 * Slow and oversized clients against the real Node server the app runs on: a client dribbling
 * its headers (slowloris) or its body is dropped once the server's limits pass, many of them at
 * once do not keep the app from answering others, and oversized headers get `431`.
 */
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_TIMEOUTS, httpServerOptions } from '../../app/http-limits.js';
import { rawRequest } from '../app/support/raw-http.js';
import { type SecurityApp, startSecurityApp } from './support/security-app.js';

const LIMITS = { headersMs: 1_000, requestMs: 2_000, checkIntervalMs: 100, keepAliveMs: 1_000 };

let app: SecurityApp;
beforeAll(async () => {
  app = await startSecurityApp({ httpTimeouts: LIMITS });
});
afterAll(() => app.close());

/** A connection that writes `first`, then `drip` every `everyMs`, until the server closes it. */
function dribble(first: string, drip: string, everyMs: number) {
  const url = new URL(app.url);
  const socket: Socket = connect(Number(url.port), url.hostname);
  const started = Date.now();
  let received = '';
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) => {
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: Date.now() - started, received });
    });
  });
  socket.write(first);
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(drip);
  }, everyMs);
  return { socket, closed };
}

/** Gives up on a promise after `ms`, so a server that never drops a client fails the test. */
function within<T>(ms: number, promise: Promise<T>): Promise<T | 'still open'> {
  return Promise.race([promise, new Promise<'still open'>((r) => setTimeout(r, ms, 'still open'))]);
}

describe('slow clients', () => {
  it('a client dribbling its headers is dropped once the headers timeout passes', async () => {
    const slow = dribble('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: a\r\n', 100);
    const result = await within(8_000, slow.closed);
    slow.socket.destroy();
    expect(result).not.toBe('still open');
    if (result === 'still open') return;
    expect(result.afterMs).toBeGreaterThanOrEqual(LIMITS.headersMs - 100);
    expect(result.afterMs).toBeLessThan(LIMITS.headersMs + 2_500);
    // Node answers 408 when it can; a closed socket is what matters.
    expect(result.received === '' || result.received.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('a client dribbling its body is dropped once the request timeout passes', async () => {
    const head =
      'POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n';
    const slow = dribble(head, 'a', 100);
    const result = await within(10_000, slow.closed);
    slow.socket.destroy();
    expect(result).not.toBe('still open');
    if (result === 'still open') return;
    expect(result.afterMs).toBeLessThan(LIMITS.requestMs + 3_000);
  });

  it('two hundred slow clients at once do not keep the app from answering another', async () => {
    const slow = Array.from({ length: 200 }, () =>
      dribble('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: a\r\n', 200),
    );
    try {
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      const reply = await fetch(`${app.url}/healthz`);
      expect(reply.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2_000);
      const results = await within(10_000, Promise.all(slow.map((s) => s.closed)));
      expect(results).not.toBe('still open');
    } finally {
      for (const s of slow) s.socket.destroy();
    }
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const idle = dribble('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '', 60_000);
    const result = await within(6_000, idle.closed);
    idle.socket.destroy();
    expect(result).not.toBe('still open');
    if (result === 'still open') return;
    expect(result.received).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('oversized requests', () => {
  it('headers over 16 KiB get 431 and the server keeps serving', async () => {
    const reply = await rawRequest(app.url, {
      path: '/',
      headers: [['x-filler', 'a'.repeat(20_000)]],
    });
    expect(reply.status).toBe(431);
    const cookieBomb = await rawRequest(app.url, {
      path: '/auth/login',
      headers: [['cookie', `session=${'b'.repeat(17_000)}`]],
    });
    expect(cookieBomb.status).toBe(431);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('a declared body over 64 KiB gets 413 before it is sent', async () => {
    const reply = await rawRequest(app.url, {
      method: 'POST',
      path: '/auth/login',
      headers: [
        ['content-type', 'application/x-www-form-urlencoded'],
        ['content-length', String(10 * 1024 * 1024)],
      ],
      body: 'email=a',
    });
    expect(reply.status).toBe(413);
  });
});

describe('the default limits', () => {
  it('give the real server a 10 s headers timeout, a 30 s request timeout and 16 KiB of headers', () => {
    const server = createServer(httpServerOptions(DEFAULT_HTTP_TIMEOUTS));
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    expect(server.maxHeadersCount === null || server.maxHeadersCount > 0).toBe(true);
    expect(httpServerOptions(DEFAULT_HTTP_TIMEOUTS)).toMatchObject({
      maxHeaderSize: 16_384,
      connectionsCheckingInterval: 1_000,
    });
    server.close();
  });
});
