// Buffers what a ByteStream receives and hands it out as frames: up to a terminator or prompt,
// or an exact byte count. Every read has a timeout, and every failure is an InstrumentError
// naming the device, what was awaited and what arrived instead.
import { InstrumentError, WaitAbortedError } from '../interfaces.js';
import type { ByteStream } from './byte-stream.js';

export interface ReadOptions {
  /** Device name for errors. */
  device: string;
  timeoutMs: number;
  /** What is awaited, for errors: "'>' prompt after 'set rate 5'". */
  what: string;
  /** Ends the wait early with WaitAbortedError; the bytes stay buffered. */
  signal?: AbortSignal;
  /** The time limit the error names, when this read has only what is left of a longer one. */
  statedTimeoutMs?: number;
}

/** Returns the length of the complete frame at the start of `buffer`, or -1 if it is not complete yet. */
export type FrameEnd = (buffer: Buffer) => number;

interface PendingRead {
  attempt(): void;
  fail(error: Error): void;
}

const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class ByteReader {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: PendingRead | undefined;
  private endedBecause: string | undefined;
  private readonly detach: Array<() => void>;

  constructor(private readonly stream: ByteStream, private readonly maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES) {
    this.detach = [
      stream.onData((bytes) => {
        this.buffer = this.buffer.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.buffer, bytes]);
        this.pending?.attempt();
      }),
      stream.onClose((reason) => {
        this.endedBecause = reason ? `${stream.description} closed: ${reason.message}` : `${stream.description} closed`;
        this.pending?.fail(new Error(this.endedBecause));
      }),
    ];
  }

  /** Bytes received and not yet read. */
  get bufferedBytes(): number {
    return this.buffer.length;
  }

  /** Drops whatever arrived unasked (late replies, power-on banners) before a new exchange. */
  discardPending(): void {
    this.buffer = Buffer.alloc(0);
  }

  readUntil(frameEnd: FrameEnd, options: ReadOptions): Promise<Buffer> {
    return this.read(() => {
      const length = frameEnd(this.buffer);
      return length < 0 ? undefined : length;
    }, options);
  }

  readExactly(length: number, options: ReadOptions): Promise<Buffer> {
    return this.read(() => (this.buffer.length >= length ? length : undefined), options);
  }

  dispose(): void {
    for (const off of this.detach) off();
    this.pending?.fail(new Error('reader disposed'));
  }

  private read(complete: () => number | undefined, options: ReadOptions): Promise<Buffer> {
    const { device, timeoutMs, what, signal, statedTimeoutMs = timeoutMs } = options;
    if (this.pending) return Promise.reject(new InstrumentError(device, `a read of ${what} started while another read was waiting`));
    if (this.endedBecause) return Promise.reject(new InstrumentError(device, `${this.endedBecause}; cannot read ${what}`));
    if (signal?.aborted) return Promise.reject(new WaitAbortedError(`${device}: wait for ${what}`));
    return new Promise<Buffer>((resolve, reject) => {
      const onAbort = () => finish(() => reject(new WaitAbortedError(`${device}: wait for ${what}`)));
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
        outcome();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => {
        const received = this.buffer.length > 0 ? ` (received ${preview(this.buffer)})` : ' (received nothing)';
        finish(() => reject(new InstrumentError(device, `no ${what} within ${statedTimeoutMs} ms${received}`)));
      }, timeoutMs);
      this.pending = {
        attempt: () => {
          const length = complete();
          if (length !== undefined) {
            const frame = this.buffer.subarray(0, length);
            this.buffer = this.buffer.subarray(length);
            finish(() => resolve(Buffer.from(frame)));
          } else if (this.buffer.length > this.maxBufferedBytes) {
            finish(() => reject(new InstrumentError(device, `more than ${this.maxBufferedBytes} bytes arrived without ${what}`)));
          }
        },
        fail: (error) => finish(() => reject(new InstrumentError(device, `${error.message}; no ${what}`))),
      };
      this.pending.attempt();
    });
  }
}

/** Received bytes as readable text for an error message: printable ASCII kept, the rest escaped. */
export function preview(bytes: Uint8Array, maxBytes = 64): string {
  let text = '';
  for (const byte of bytes.subarray(0, maxBytes)) {
    if (byte === 0x0d) text += '\\r';
    else if (byte === 0x0a) text += '\\n';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `"${text}"${bytes.length > maxBytes ? ` and ${bytes.length - maxBytes} more bytes` : ''}`;
}
