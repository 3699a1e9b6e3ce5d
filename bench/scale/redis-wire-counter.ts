/**
 * @module A loopback relay in front of Redis that counts the commands clients send (RESP
 * arrays). Connections that SUBSCRIBE (the invalidation channel) are counted apart.
 */
import { startLoopbackRelay } from '../../test/support/loopback-relay.js';

/** The running counter. */
export interface RedisWireCounter {
  readonly port: number;
  /** Commands on the stores' connections since the last reset. */
  storeCommands(): number;
  /** Commands on subscriber connections (pings, resubscriptions) since the last reset. */
  subscriberCommands(): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the relay on 127.0.0.1, port chosen by the OS, forwarding to `target`.
 *
 * @example const counter = await startRedisWireCounter({ host: '127.0.0.1', port: 6379 });
 */
export async function startRedisWireCounter(target: {
  host: string;
  port: number;
}): Promise<RedisWireCounter> {
  let store = 0;
  let subscriber = 0;
  const relay = await startLoopbackRelay(target, () => {
    let buffer = Buffer.alloc(0);
    let subscribes = false;
    let own = 0;
    return (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const command = readCommand(buffer);
        if (command === null) break;
        buffer = buffer.subarray(command.length);
        if (!subscribes && /^(P|S)?SUBSCRIBE$/i.test(command.name)) {
          // What this connection sent before (HELLO, CLIENT, …) was setting up the subscriber.
          subscribes = true;
          store -= own;
          subscriber += own;
        }
        own += 1;
        if (subscribes) subscriber += 1;
        else store += 1;
      }
    };
  });
  return {
    port: relay.port,
    storeCommands: () => store,
    subscriberCommands: () => subscriber,
    reset() {
      store = 0;
      subscriber = 0;
    },
    close: () => relay.close(),
  };
}

/** One RESP array of bulk strings at the start of `buffer`: its name and byte length, or null. */
function readCommand(buffer: Buffer): { name: string; length: number } | null {
  let at = 0;
  const line = () => {
    const end = buffer.indexOf('\r\n', at);
    if (end === -1) return null;
    const text = buffer.subarray(at, end).toString();
    at = end + 2;
    return text;
  };
  const header = line();
  if (header === null || !header.startsWith('*')) return null;
  let name = '';
  for (let i = 0; i < Number(header.slice(1)); i++) {
    const size = line();
    if (size === null) return null;
    const bytes = Number(size.slice(1));
    if (buffer.length < at + bytes + 2) return null;
    if (i === 0) name = buffer.subarray(at, at + bytes).toString();
    at += bytes + 2;
  }
  return { name, length: at };
}
