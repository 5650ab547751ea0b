// Two connected in-memory ends: bytes written to one arrive at the other on a later tick,
// as they would over a wire. Tests put a fake device on one end and a driver on the other.
import type { ByteStream } from './byte-stream.js';

class MemoryEnd implements ByteStream {
  peer!: MemoryEnd;
  private open = true;
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly closeListeners = new Set<(reason?: Error) => void>();

  constructor(readonly description: string) {}

  get isOpen(): boolean {
    return this.open;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.open) throw new Error(`${this.description} is closed`);
    const copy = Uint8Array.from(bytes);
    const peer = this.peer;
    setImmediate(() => peer.deliver(copy));
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.end();
    this.peer.end();
  }

  private deliver(bytes: Uint8Array): void {
    if (!this.open) return;
    for (const listener of [...this.dataListeners]) listener(bytes);
  }

  private end(): void {
    if (!this.open) return;
    this.open = false;
    for (const listener of [...this.closeListeners]) listener();
  }
}

export function createMemoryStreamPair(descriptionA = 'memory host end', descriptionB = 'memory device end'): [ByteStream, ByteStream] {
  const a = new MemoryEnd(descriptionA);
  const b = new MemoryEnd(descriptionB);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
