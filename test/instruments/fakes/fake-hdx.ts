// An Ocean HDX at the other end of a byte stream, answering the OBP messages the driver uses.
// Requests are decoded by reading the header fields at their documented offsets.
import { OBP_FLAGS, encodeObpMessage } from '../../../src/instruments/ocean/obp-message.js';
import type { ByteStream } from '../../../src/instruments/transport/byte-stream.js';

export interface ReceivedObp {
  messageType: number;
  flags: number;
  /** The request's number, which a reply copies. */
  regarding: number;
  payload: Buffer;
  raw: Buffer;
}

export interface FakeHdxOptions {
  pixelCount?: number;
  coefficients?: number[];
  integrationTimeUs?: number;
  /** Counts of each pixel for a spectrum. */
  counts?: (pixel: number) => number;
}

/** A hook: raw bytes to send instead of the normal reply, 'silent' for none, undefined for the default. */
export type ObpOverride = (request: ReceivedObp) => Buffer | 'silent' | undefined;

export const MSG = {
  getIntegrationTimeUs: 0x00110000,
  setIntegrationTimeUs: 0x00110010,
  getSpectrumHdx: 0x00101000,
  getCoefficientCount: 0x00180100,
  getCoefficient: 0x00180101,
  setLampEnable: 0x00110410,
} as const;

export class FakeHdx {
  readonly received: ReceivedObp[] = [];
  integrationTimeUs: number;
  lampEnabled: boolean | undefined;
  /** Integration times accepted are stored as this function makes them (e.g. rounded to 1 ms). */
  quantise: (microseconds: number) => number = (microseconds) => microseconds;
  override: ObpOverride | undefined;
  /** Milliseconds to hold back the reply to a request (0: answer at once). */
  replyDelayMs: (request: ReceivedObp) => number = () => 0;
  /** False: replies leave `regarding` at 0, as a device that does not echo it would. */
  echoRegarding = true;
  readonly pixelCount: number;
  readonly coefficients: number[];
  private buffer = Buffer.alloc(0);

  constructor(private readonly stream: ByteStream, private readonly options: FakeHdxOptions = {}) {
    this.pixelCount = options.pixelCount ?? 2068;
    this.coefficients = options.coefficients ?? [199.5, 0.3, -6e-6];
    this.integrationTimeUs = options.integrationTimeUs ?? 100_000;
    stream.onData((bytes) => this.receive(Buffer.from(bytes)));
  }

  private receive(bytes: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, bytes]);
    while (this.buffer.length >= 44) {
      const total = 44 + this.buffer.readUInt32LE(40);
      if (this.buffer.length < total) return;
      const raw = Buffer.from(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
      const immediateLength = raw[23];
      const payload = immediateLength > 0 ? raw.subarray(24, 24 + immediateLength) : raw.subarray(44, total - 20);
      const request: ReceivedObp = { messageType: raw.readUInt32LE(8), flags: raw.readUInt16LE(4), regarding: raw.readUInt32LE(12), payload: Buffer.from(payload), raw };
      this.received.push(request);
      const custom = this.override?.(request);
      if (custom === 'silent') continue;
      const reply = custom ?? this.answer(request);
      const delayMs = this.replyDelayMs(request);
      if (delayMs > 0) setTimeout(() => void this.stream.write(reply).catch(() => undefined), delayMs);
      else void this.stream.write(reply);
    }
  }

  private answer(request: ReceivedObp): Buffer {
    const regarding = this.echoRegarding ? request.regarding : 0;
    const reply = (payload?: Buffer) => encodeObpMessage({ messageType: request.messageType, flags: OBP_FLAGS.responseToRequest, regarding, payload });
    const ack = () => encodeObpMessage({ messageType: request.messageType, flags: OBP_FLAGS.responseToRequest | OBP_FLAGS.ack, regarding });
    switch (request.messageType) {
      case MSG.getIntegrationTimeUs: {
        const payload = Buffer.alloc(4);
        payload.writeUInt32LE(this.integrationTimeUs);
        return reply(payload);
      }
      case MSG.setIntegrationTimeUs:
        this.integrationTimeUs = this.quantise(request.payload.readUInt32LE(0));
        return ack();
      case MSG.getCoefficientCount:
        return reply(Buffer.from([this.coefficients.length]));
      case MSG.getCoefficient: {
        const payload = Buffer.alloc(4);
        payload.writeFloatLE(this.coefficients[request.payload[0]]);
        return reply(payload);
      }
      case MSG.getSpectrumHdx: {
        const payload = Buffer.alloc(2 * this.pixelCount);
        const counts = this.options.counts ?? ((pixel: number) => 1000 + pixel);
        for (let pixel = 0; pixel < this.pixelCount; pixel++) payload.writeUInt16LE(counts(pixel), 2 * pixel);
        return reply(payload);
      }
      case MSG.setLampEnable:
        this.lampEnabled = request.payload[0] === 1;
        return ack();
      default:
        return encodeObpMessage({ messageType: request.messageType, flags: OBP_FLAGS.responseToRequest | OBP_FLAGS.nack, errorNumber: 2, regarding });
    }
  }
}
