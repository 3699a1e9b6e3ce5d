/**
 * @module A TCP relay on 127.0.0.1 in front of a service (PostgreSQL, Redis): tests cut it to
 * play a server going away, benchmarks watch what clients send through it to count round trips.
 */
import { createConnection, createServer, type Socket } from 'node:net';

/** The running relay. */
export interface LoopbackRelay {
  /** The port the relay listens on (chosen by the OS). */
  readonly port: number;
  /** Drops every open connection and resets new ones until {@link restore}. */
  cut(): void;
  /** Resets new connections until {@link restore}; open ones stay (for the server to end). */
  refuseNew(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Called once per client connection; the function it returns sees each chunk that client sends. */
export type ClientWatcher = () => (chunk: Buffer) => void;

/**
 * Relays 127.0.0.1:<port> to `target`, showing each client's bytes to `watchClient` on the way.
 *
 * @example const relay = await startLoopbackRelay({ host: '127.0.0.1', port: 5432 });
 */
export async function startLoopbackRelay(
  target: { host: string; port: number },
  watchClient?: ClientWatcher,
): Promise<LoopbackRelay> {
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    client.on('error', () => {});
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    if (watchClient) client.on('data', watchClient());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no port');
  return {
    port: address.port,
    cut() {
      down = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    refuseNew() {
      down = true;
    },
    restore() {
      down = false;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
