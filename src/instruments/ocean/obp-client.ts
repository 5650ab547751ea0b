// Request/response exchanges in the Ocean Binary Protocol over any ByteStream (TCP for the
// HDX's Ethernet port; a USB bulk adapter would implement the same ByteStream). Queries are sent
// without ACK request and answered with data; settings ask for an ACK. A NACK, a reply of the
// wrong type or a malformed frame is an InstrumentError.
//
// Every request carries its own number in the header's `regarding` field, which the device
// copies into its reply. A reply regarding an earlier request (one that timed out or was
// aborted) is dropped and the wait goes on, so a late reply is never taken for the answer to
// the next request. A device that leaves `regarding` at 0 is matched by message type only.
import { InstrumentError } from '../interfaces.js';
import { ByteReader } from '../transport/byte-reader.js';
import type { ByteStream } from '../transport/byte-stream.js';
import { Exclusive } from '../transport/exclusive.js';
import { OBP_ERRORS, OBP_FLAGS, OBP_HEADER_BYTES, decodeObpHeader, decodeObpMessage, encodeObpMessage, hexType, type ObpMessage } from './obp-message.js';

export interface ObpClientOptions {
  /** Name in errors. */
  device: string;
  timeoutMs: number;
  /** Largest reply accepted, in bytes after the header. */
  maxReplyBytes?: number;
}

export interface ObpRequestOptions {
  timeoutMs?: number;
  /** Ends the wait for the reply early (WaitAbortedError); a reply arriving later is dropped. */
  signal?: AbortSignal;
}

/** Requests whose reply is still expected after their wait ended; older ones are forgotten. */
const MAX_LATE_REQUESTS = 16;

export class ObpClient {
  readonly device: string;
  private readonly reader: ByteReader;
  private readonly exclusive = new Exclusive();
  private nextRequestId = 1;
  /** Request ids and message types whose wait ended without their reply. */
  private readonly lateRequests = new Map<number, number>();

  constructor(readonly stream: ByteStream, private readonly options: ObpClientOptions) {
    this.device = options.device;
    this.reader = new ByteReader(stream);
  }

  /** Sends a query and returns the reply's payload. */
  async query(messageType: number, payload: Buffer = Buffer.alloc(0), request: ObpRequestOptions = {}): Promise<Buffer> {
    const reply = await this.exchange(messageType, payload, 0, request);
    return reply.payload;
  }

  /** Sends a setting with ACK requested and waits for the ACK. */
  async command(messageType: number, payload: Buffer = Buffer.alloc(0), request: ObpRequestOptions = {}): Promise<void> {
    const reply = await this.exchange(messageType, payload, OBP_FLAGS.ackRequested, request);
    if ((reply.flags & OBP_FLAGS.ack) === 0) throw new InstrumentError(this.device, `no ACK for message ${hexType(messageType)} (flags 0x${reply.flags.toString(16)})`);
  }

  async close(): Promise<void> {
    this.reader.dispose();
    await this.stream.close();
  }

  private exchange(messageType: number, payload: Buffer, flags: number, request: ObpRequestOptions): Promise<ObpMessage> {
    return this.exclusive.run(async () => {
      const name = hexType(messageType);
      const id = this.takeRequestId();
      this.reader.discardPending();
      try {
        await this.stream.write(encodeObpMessage({ messageType, flags, payload, regarding: id }));
      } catch (error) {
        throw new InstrumentError(this.device, `cannot send message ${name} on ${this.stream.description}: ${(error as Error).message}`);
      }
      const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let reply: ObpMessage;
        try {
          reply = await this.readMessage(name, deadline, timeoutMs, request.signal);
        } catch (error) {
          this.noteLate(id, messageType);
          throw error;
        }
        if (reply.regarding === id) return this.checked(reply, messageType, name);
        if (this.lateRequests.delete(reply.regarding)) continue;
        if (reply.regarding === 0) {
          // The device does not echo `regarding`: a late reply can only be told by its type.
          if (reply.messageType !== messageType && [...this.lateRequests.values()].includes(reply.messageType)) continue;
          return this.checked(reply, messageType, name);
        }
        throw new InstrumentError(this.device, `reply to ${name} (request ${id}) regards request ${reply.regarding}, which this client did not send or already has an answer to`);
      }
    });
  }

  private checked(reply: ObpMessage, messageType: number, name: string): ObpMessage {
    if (reply.flags & (OBP_FLAGS.nack | OBP_FLAGS.hardwareException)) {
      const kind = reply.flags & OBP_FLAGS.nack ? 'NACK' : 'hardware exception';
      throw new InstrumentError(this.device, `${kind} for message ${name}: error ${reply.errorNumber} (${OBP_ERRORS[reply.errorNumber] ?? 'unknown'})`);
    }
    if (reply.messageType !== messageType) throw new InstrumentError(this.device, `sent message ${name}, reply is of type ${hexType(reply.messageType)}`);
    return reply;
  }

  private async readMessage(name: string, deadline: number, statedTimeoutMs: number, signal: AbortSignal | undefined): Promise<ObpMessage> {
    // Each read gets what is left of the reply's time; errors name the whole limit.
    const read = () => ({ device: this.device, timeoutMs: Math.max(1, deadline - Date.now()), statedTimeoutMs, signal });
    const headerBytes = await this.reader.readExactly(OBP_HEADER_BYTES, { ...read(), what: `OBP reply header to ${name}` });
    try {
      const header = decodeObpHeader(headerBytes, this.options.maxReplyBytes);
      const rest = await this.reader.readExactly(header.bytesRemaining, { ...read(), what: `${header.bytesRemaining} bytes of the OBP reply to ${name}` });
      return decodeObpMessage(Buffer.concat([headerBytes, rest]));
    } catch (error) {
      if (error instanceof InstrumentError || (error as Error).name === 'WaitAbortedError') throw error;
      // The stream is out of step after a broken frame; drop whatever follows.
      this.reader.discardPending();
      throw new InstrumentError(this.device, `reply to ${name}: ${(error as Error).message}`);
    }
  }

  private takeRequestId(): number {
    const id = this.nextRequestId;
    this.nextRequestId = id >= 0xffffffff ? 1 : id + 1;
    return id;
  }

  private noteLate(id: number, messageType: number): void {
    this.lateRequests.set(id, messageType);
    while (this.lateRequests.size > MAX_LATE_REQUESTS) this.lateRequests.delete(this.lateRequests.keys().next().value!);
  }
}
