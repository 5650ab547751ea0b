// A TCP server on 127.0.0.1 (ephemeral port) handing each accepted connection to a fake device.
import { createServer, type Socket } from 'node:net';
import type { ByteStream } from '../../../src/instruments/transport/byte-stream.js';
import { socketStream } from '../../../src/instruments/transport/tcp-stream.js';

export interface LocalServer {
  port: number;
  /** Connections currently open. */
  readonly openConnections: number;
  close(): Promise<void>;
}

export function serveOnLocalhost(attach: (stream: ByteStream) => void): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    attach(socketStream(socket, 'fake device end'));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        get openConnections() {
          return sockets.size;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = await serveOnLocalhost(() => undefined);
  await server.close();
  return server.port;
}
