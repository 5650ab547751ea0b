// Ocean Binary Protocol framing (OBP, protocols doc §3.2; pyseabreeze protocol.py, libseabreeze
// OBPMessage.cpp): 44-byte header, payload (or up to 16 bytes of immediate data in the header),
// 16-byte checksum and 4-byte footer; all fields little-endian.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const OBP_HEADER_BYTES = 44;
export const OBP_FOOTER_BYTES = 20;
export const OBP_MAX_IMMEDIATE_BYTES = 16;
export const OBP_PROTOCOL_VERSION = 0x1100;
const START_BYTES = 0xc0c1;
/** Sent as C5 C4 C3 C2. */
const FOOTER = 0xc2c3c4c5;

export const OBP_FLAGS = {
  responseToRequest: 0x0001,
  ack: 0x0002,
  ackRequested: 0x0004,
  nack: 0x0008,
  hardwareException: 0x0010,
  protocolDeprecated: 0x0020,
} as const;

export const OBP_CHECKSUM = { none: 0, md5: 1 } as const;

export const OBP_ERRORS: Record<number, string> = {
  0: 'success',
  1: 'invalid or unsupported protocol',
  2: 'unknown message type',
  3: 'bad checksum',
  4: 'message too large',
  5: 'payload length does not match message type',
  6: 'payload data invalid',
  7: 'device not ready for given message type',
  8: 'unknown checksum type',
  9: 'device reset unexpectedly',
  10: 'too many buses',
  11: 'out of memory',
  12: 'command is valid, but desired information does not exist',
  13: 'internal device error',
  100: 'could not decrypt properly',
  101: 'firmware layout invalid',
  102: 'data packet was wrong size',
  103: 'hardware revision not compatible with firmware',
  104: 'existing flash map not compatible with firmware',
  255: 'operation deferred',
};

export interface ObpMessage {
  messageType: number;
  flags: number;
  errorNumber: number;
  regarding: number;
  checksumType: number;
  payload: Buffer;
}

export interface ObpHeader {
  flags: number;
  errorNumber: number;
  messageType: number;
  regarding: number;
  checksumType: number;
  immediateLength: number;
  immediate: Buffer;
  /** Bytes after the header: payload + checksum + footer. */
  bytesRemaining: number;
}

export const hexType = (messageType: number) => `0x${messageType.toString(16).padStart(8, '0')}`;

/** A whole OBP message; payloads of up to 16 bytes go in the header's immediate field. */
export function encodeObpMessage(message: Partial<ObpMessage> & { messageType: number }): Buffer {
  const payload = message.payload ?? Buffer.alloc(0);
  const immediate = payload.length <= OBP_MAX_IMMEDIATE_BYTES;
  const bodyLength = immediate ? 0 : payload.length;
  const bytes = Buffer.alloc(OBP_HEADER_BYTES + bodyLength + OBP_FOOTER_BYTES);
  bytes.writeUInt16LE(START_BYTES, 0);
  bytes.writeUInt16LE(OBP_PROTOCOL_VERSION, 2);
  bytes.writeUInt16LE(message.flags ?? 0, 4);
  bytes.writeUInt16LE(message.errorNumber ?? 0, 6);
  bytes.writeUInt32LE(message.messageType, 8);
  bytes.writeUInt32LE(message.regarding ?? 0, 12);
  const checksumType = message.checksumType ?? OBP_CHECKSUM.none;
  bytes.writeUInt8(checksumType, 22);
  if (immediate) {
    bytes.writeUInt8(payload.length, 23);
    payload.copy(bytes, 24);
  } else {
    payload.copy(bytes, OBP_HEADER_BYTES);
  }
  bytes.writeUInt32LE(bodyLength + OBP_FOOTER_BYTES, 40);
  const checksumAt = OBP_HEADER_BYTES + bodyLength;
  if (checksumType === OBP_CHECKSUM.md5) createHash('md5').update(bytes.subarray(0, checksumAt)).digest().copy(bytes, checksumAt);
  bytes.writeUInt32LE(FOOTER, checksumAt + 16);
  return bytes;
}

const headerSchema = z.object({
  startBytes: z.literal(START_BYTES, 'start bytes are not C1 C0'),
  protocolVersion: z.literal(OBP_PROTOCOL_VERSION, 'protocol version is not 0x1100'),
  flags: z.number(),
  errorNumber: z.number(),
  messageType: z.number(),
  regarding: z.number(),
  checksumType: z.union([z.literal(OBP_CHECKSUM.none), z.literal(OBP_CHECKSUM.md5)], 'unknown checksum type'),
  immediateLength: z.number().max(OBP_MAX_IMMEDIATE_BYTES, 'immediate data longer than 16 bytes'),
  bytesRemaining: z.number().min(OBP_FOOTER_BYTES, 'bytes remaining shorter than checksum and footer'),
});

/** Parses the 44-byte header; throws an Error saying what is wrong. */
export function decodeObpHeader(bytes: Buffer, maxBytesRemaining = 1 << 20): ObpHeader {
  if (bytes.length < OBP_HEADER_BYTES) throw new Error(`header is ${bytes.length} bytes, not ${OBP_HEADER_BYTES}`);
  const parsed = headerSchema.safeParse({
    startBytes: bytes.readUInt16LE(0),
    protocolVersion: bytes.readUInt16LE(2),
    flags: bytes.readUInt16LE(4),
    errorNumber: bytes.readUInt16LE(6),
    messageType: bytes.readUInt32LE(8),
    regarding: bytes.readUInt32LE(12),
    checksumType: bytes.readUInt8(22),
    immediateLength: bytes.readUInt8(23),
    bytesRemaining: bytes.readUInt32LE(40),
  });
  if (!parsed.success) throw new Error(`malformed OBP header: ${parsed.error.issues[0]?.message}`);
  const header = parsed.data;
  if (header.bytesRemaining > maxBytesRemaining) throw new Error(`OBP message announces ${header.bytesRemaining} more bytes (limit ${maxBytesRemaining})`);
  return { ...header, immediate: Buffer.from(bytes.subarray(24, 24 + header.immediateLength)) };
}

/** Parses a complete message (header + rest); checks footer, checksum and the payload placement. */
export function decodeObpMessage(bytes: Buffer): ObpMessage {
  const header = decodeObpHeader(bytes, Number.MAX_SAFE_INTEGER);
  if (bytes.length !== OBP_HEADER_BYTES + header.bytesRemaining) {
    throw new Error(`OBP message is ${bytes.length} bytes, header announces ${OBP_HEADER_BYTES + header.bytesRemaining}`);
  }
  const checksumAt = bytes.length - OBP_FOOTER_BYTES;
  if (bytes.readUInt32LE(checksumAt + 16) !== FOOTER) throw new Error('OBP footer is not C5 C4 C3 C2');
  if (header.checksumType === OBP_CHECKSUM.md5) {
    const expected = createHash('md5').update(bytes.subarray(0, checksumAt)).digest();
    if (!expected.equals(bytes.subarray(checksumAt, checksumAt + 16))) throw new Error('OBP MD5 checksum does not match');
  }
  const body = bytes.subarray(OBP_HEADER_BYTES, checksumAt);
  if (header.immediateLength > 0 && body.length > 0) throw new Error('OBP message has both immediate data and a payload');
  return {
    messageType: header.messageType,
    flags: header.flags,
    errorNumber: header.errorNumber,
    regarding: header.regarding,
    checksumType: header.checksumType,
    payload: header.immediateLength > 0 ? header.immediate : Buffer.from(body),
  };
}
