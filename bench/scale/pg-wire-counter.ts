/**
 * @module A loopback relay in front of PostgreSQL that counts round trips as the server sees
 * them: each simple `Query` and each `Sync` (the end of an extended-protocol exchange) a client
 * sends. Connections that `LISTEN` (the invalidation channel's heartbeat) are counted apart.
 */
import { startLoopbackRelay } from '../../test/support/loopback-relay.js';

/** The running counter. */
export interface PgWireCounter {
  readonly port: number;
  /** Round trips on the stores' connections since the last reset. */
  storeRoundTrips(): number;
  /** Round trips on listening connections (heartbeats) since the last reset. */
  listenerRoundTrips(): number;
  reset(): void;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

/**
 * Starts the relay on 127.0.0.1, port chosen by the OS, forwarding to `target`.
 *
 * @example const counter = await startPgWireCounter({ host: '127.0.0.1', port: 5432 });
 */
export async function startPgWireCounter(target: {
  host: string;
  port: number;
}): Promise<PgWireCounter> {
  let store = 0;
  let listener = 0;
  const relay = await startLoopbackRelay(target, () => {
    let buffer = Buffer.alloc(0);
    let started = false;
    let listens = false;
    let own = 0;
    return (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readInt32BE(4);
          // An SSL or GSS request is answered "no" and followed by the real startup message.
          if (code !== SSL_REQUEST && code !== GSS_REQUEST) started = true;
          buffer = buffer.subarray(length);
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1) + 1;
        if (buffer.length < length) break;
        const type = String.fromCharCode(buffer[0] as number);
        if (type === 'Q' && /^\s*LISTEN\b/i.test(buffer.subarray(5, length - 1).toString())) {
          // Whatever this connection did before was setting up the listener, not a store call.
          listens = true;
          store -= own;
          listener += own;
        }
        if (type === 'Q' || type === 'S') {
          own += 1;
          if (listens) listener += 1;
          else store += 1;
        }
        buffer = buffer.subarray(length);
      }
    };
  });
  return {
    port: relay.port,
    storeRoundTrips: () => store,
    listenerRoundTrips: () => listener,
    reset() {
      store = 0;
      listener = 0;
    },
    close: () => relay.close(),
  };
}
