// Request/response exchanges in the Ocean Binary Protocol over any ByteStream (TCP for the
// HDX's Ethernet port; a USB bulk adapter would implement the same ByteStream). Queries are sent
// without ACK request and answered with data; settings ask for an ACK. A NACK, a reply of the
// wrong type or a malformed frame is an InstrumentError.
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

export class ObpClient {
  readonly device: string;
  private readonly reader: ByteReader;
  private readonly exclusive = new Exclusive();

  constructor(readonly stream: ByteStream, private readonly options: ObpClientOptions) {
    this.device = options.device;
    this.reader = new ByteReader(stream);
  }

  /** Sends a query and returns the reply's payload. */
  async query(messageType: number, payload: Buffer = Buffer.alloc(0), timeoutMs = this.options.timeoutMs): Promise<Buffer> {
    const reply = await this.exchange(messageType, payload, 0, timeoutMs);
    return reply.payload;
  }

  /** Sends a setting with ACK requested and waits for the ACK. */
  async command(messageType: number, payload: Buffer = Buffer.alloc(0), timeoutMs = this.options.timeoutMs): Promise<void> {
    const reply = await this.exchange(messageType, payload, OBP_FLAGS.ackRequested, timeoutMs);
    if ((reply.flags & OBP_FLAGS.ack) === 0) throw new InstrumentError(this.device, `no ACK for message ${hexType(messageType)} (flags 0x${reply.flags.toString(16)})`);
  }

  async close(): Promise<void> {
    this.reader.dispose();
    await this.stream.close();
  }

  private exchange(messageType: number, payload: Buffer, flags: number, timeoutMs: number): Promise<ObpMessage> {
    return this.exclusive.run(async () => {
      const name = hexType(messageType);
      this.reader.discardPending();
      try {
        await this.stream.write(encodeObpMessage({ messageType, flags, payload }));
      } catch (error) {
        throw new InstrumentError(this.device, `cannot send message ${name} on ${this.stream.description}: ${(error as Error).message}`);
      }
      const read = { device: this.device, timeoutMs };
      const headerBytes = await this.reader.readExactly(OBP_HEADER_BYTES, { ...read, what: `OBP reply header to ${name}` });
      let reply: ObpMessage;
      try {
        const header = decodeObpHeader(headerBytes, this.options.maxReplyBytes);
        const rest = await this.reader.readExactly(header.bytesRemaining, { ...read, what: `${header.bytesRemaining} bytes of the OBP reply to ${name}` });
        reply = decodeObpMessage(Buffer.concat([headerBytes, rest]));
      } catch (error) {
        if (error instanceof InstrumentError) throw error;
        // The stream is out of step after a broken frame; drop whatever follows.
        this.reader.discardPending();
        throw new InstrumentError(this.device, `reply to ${name}: ${(error as Error).message}`);
      }
      if (reply.flags & (OBP_FLAGS.nack | OBP_FLAGS.hardwareException)) {
        const kind = reply.flags & OBP_FLAGS.nack ? 'NACK' : 'hardware exception';
        throw new InstrumentError(this.device, `${kind} for message ${name}: error ${reply.errorNumber} (${OBP_ERRORS[reply.errorNumber] ?? 'unknown'})`);
      }
      if (reply.messageType !== messageType) throw new InstrumentError(this.device, `sent message ${name}, reply is of type ${hexType(reply.messageType)}`);
      return reply;
    });
  }
}
