// ByteStream over a TCP socket (node:net): Ethernet instruments and serial-device servers.
import { Socket } from 'node:net';
import { InstrumentError } from '../interfaces.js';
import type { ByteStream } from './byte-stream.js';

export interface TcpStreamOptions {
  host: string;
  port: number;
  /** Device name used in errors. */
  device: string;
  connectTimeoutMs?: number;
}

class TcpStream implements ByteStream {
  readonly description: string;
  private readonly closeListeners = new Set<(reason?: Error) => void>();
  private ended = false;
  private lastError: Error | undefined;

  constructor(private readonly socket: Socket, description: string) {
    this.description = description;
    socket.on('error', (error) => {
      this.lastError = error;
    });
    socket.on('close', () => {
      this.ended = true;
      for (const listener of [...this.closeListeners]) listener(this.lastError);
    });
  }

  get isOpen(): boolean {
    return !this.ended && !this.socket.destroyed;
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return reject(new Error(`${this.description} is closed`));
      this.socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.socket.on('data', listener);
    return () => this.socket.off('data', listener);
  }

  onClose(listener: (reason?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }
}

/** A connected socket as a ByteStream (also for the accepting side of a server). */
export function socketStream(socket: Socket, description: string): ByteStream {
  return new TcpStream(socket, description);
}

export function openTcpStream(options: TcpStreamOptions): Promise<ByteStream> {
  const { host, port, device } = options;
  const timeoutMs = options.connectTimeoutMs ?? 3000;
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const fail = (message: string) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new InstrumentError(device, `cannot connect to tcp ${host}:${port}: ${message}`));
    };
    const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('error', (error) => fail(error.message));
    socket.connect({ host, port }, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(new TcpStream(socket, `tcp ${host}:${port}`));
    });
  });
}
