// ByteStream over a serial port (RS-232 or USB-serial) with the `serialport` package, 8N1 and no
// flow control unless told otherwise. Its RTS/DTR outputs double as switch lines.
import { InstrumentError } from '../interfaces.js';
import type { ByteStream, ControlLines } from './byte-stream.js';

export interface SerialStreamOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  /** Device name used in errors. */
  device: string;
}

/** The part of a serialport port object used here; `SerialPort` and `SerialPortMock` both fit. */
export interface SerialPortHandle {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  write(data: Buffer, callback?: (error: Error | null | undefined) => void): boolean;
  drain(callback: (error: Error | null) => void): void;
  set(options: { rts?: boolean; dtr?: boolean }, callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'close' | 'error', listener: (error?: Error) => void): unknown;
  off(event: 'data', listener: (data: Buffer) => void): unknown;
}

export type SerialPortFactory = (options: {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
  rtscts: false;
  autoOpen: false;
}) => SerialPortHandle;

/** serialport is an optional dependency (only a rig with serial devices needs it): loaded on first use. */
async function systemPortFactory(device: string): Promise<SerialPortFactory> {
  let serialport: typeof import('serialport');
  try {
    serialport = await import('serialport');
  } catch (error) {
    throw new InstrumentError(device, `the serialport package is not installed (${(error as Error).message.split('\n')[0]}); a rig with serial devices needs it: npm install serialport`);
  }
  return (options) => new serialport.SerialPort(options);
}

export class SerialStream implements ByteStream, ControlLines {
  readonly description: string;
  private readonly closeListeners = new Set<(reason?: Error) => void>();
  private ended = false;
  private lastError: Error | undefined;

  constructor(private readonly port: SerialPortHandle, path: string) {
    this.description = `serial ${path}`;
    port.on('error', (error) => {
      this.lastError = error;
    });
    port.on('close', () => {
      this.ended = true;
      for (const listener of [...this.closeListeners]) listener(this.lastError);
    });
  }

  get isOpen(): boolean {
    return !this.ended && this.port.isOpen;
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return reject(new Error(`${this.description} is closed`));
      this.port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(error);
        this.port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.port.on('data', listener);
    return () => this.port.off('data', listener);
  }

  onClose(listener: (reason?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  setControlLines(lines: { rts?: boolean; dtr?: boolean }): Promise<void> {
    return new Promise((resolve, reject) => this.port.set(lines, (error) => (error ? reject(error) : resolve())));
  }

  close(): Promise<void> {
    if (this.ended || !this.port.isOpen) return Promise.resolve();
    return new Promise((resolve, reject) => this.port.close((error) => (error ? reject(error) : resolve())));
  }
}

export async function openSerialStream(options: SerialStreamOptions, createPort?: SerialPortFactory): Promise<SerialStream> {
  const factory = createPort ?? await systemPortFactory(options.device);
  const port = factory({
    path: options.path,
    baudRate: options.baudRate,
    dataBits: options.dataBits ?? 8,
    parity: options.parity ?? 'none',
    stopBits: options.stopBits ?? 1,
    rtscts: false,
    autoOpen: false,
  });
  return new Promise((resolve, reject) => {
    port.open((error) => {
      if (error) reject(new InstrumentError(options.device, `cannot open serial ${options.path} at ${options.baudRate} baud: ${error.message}`));
      else resolve(new SerialStream(port, options.path));
    });
  });
}
