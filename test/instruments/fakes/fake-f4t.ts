// A Modbus TCP server on 127.0.0.1 answering function codes 3 and 16 from a register map,
// laid out like a Watlow F4T loop 1. Requests are kept byte for byte.
import { createServer, type Socket } from 'node:net';

export interface FakeF4tOptions {
  /** Registers to start with (PDU address -> 16-bit word). */
  registers?: Map<number, number>;
  unitId?: number;
}

/** A hook: a raw reply (MBAP included) to send instead of the normal one, 'silent' for none. */
export type ModbusOverride = (request: Buffer) => Buffer | 'silent' | undefined;

export class FakeF4t {
  readonly registers: Map<number, number>;
  readonly requests: Buffer[] = [];
  override: ModbusOverride | undefined;
  /** Called after a write, e.g. to clamp a value as the controller would. */
  afterWrite: ((address: number, count: number) => void) | undefined;
  /** Milliseconds to hold back the reply to a request (0: answer at once). */
  replyDelayMs: (request: Buffer) => number = () => 0;
  port = 0;
  /** Connections accepted since the server started. */
  accepted = 0;
  private readonly sockets = new Set<Socket>();
  private server = createServer((socket) => this.accept(socket));

  constructor(options: FakeF4tOptions = {}) {
    this.registers = options.registers ?? new Map();
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** Listens on `port` (an ephemeral one by default). */
  listen(port = 0): Promise<this> {
    return new Promise((resolve) => {
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address();
        this.port = typeof address === 'object' && address ? address.port : 0;
        resolve(this);
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Cuts every open connection (a cable pulled, a switch restarted); the server keeps listening. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** A controller reboot: connections cut, nothing listens for `downMs`, then it listens on the same port again. */
  async reboot(downMs: number, registers?: Map<number, number>): Promise<void> {
    const port = this.port;
    await this.close();
    this.server = createServer((socket) => this.accept(socket));
    await new Promise((resolve) => setTimeout(resolve, downMs));
    if (registers) {
      this.registers.clear();
      for (const [address, value] of registers) this.registers.set(address, value);
    }
    await this.listen(port);
  }

  private accept(socket: Socket): void {
    this.accepted++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 6) {
        const frameLength = 6 + buffer.readUInt16BE(4);
        if (buffer.length < frameLength) return;
        const request = buffer.subarray(0, frameLength);
        buffer = buffer.subarray(frameLength);
        this.requests.push(Buffer.from(request));
        const reply = this.override?.(request) ?? this.answer(request);
        if (reply === 'silent') continue;
        const delayMs = this.replyDelayMs(request);
        if (delayMs > 0) setTimeout(() => !socket.destroyed && socket.write(reply), delayMs);
        else socket.write(reply);
      }
    });
  }

  private answer(request: Buffer): Buffer {
    const unit = request[6];
    const functionCode = request[7];
    const address = request.readUInt16BE(8);
    const count = request.readUInt16BE(10);
    if (functionCode === 3) {
      const words: number[] = [];
      for (let i = 0; i < count; i++) {
        const value = this.registers.get(address + i);
        if (value === undefined) return exception(request, 2);
        words.push(value);
      }
      const pdu = Buffer.alloc(2 + 2 * count);
      pdu[0] = 3;
      pdu[1] = 2 * count;
      words.forEach((value, i) => pdu.writeUInt16BE(value, 2 + 2 * i));
      return frame(request, unit, pdu);
    }
    if (functionCode === 16) {
      for (let i = 0; i < count; i++) this.registers.set(address + i, request.readUInt16BE(13 + 2 * i));
      // The controller puts the user's control mode in force.
      if (address <= 2730 && 2730 < address + count) this.registers.set(2814, this.registers.get(2730)!);
      this.afterWrite?.(address, count);
      const pdu = Buffer.alloc(5);
      pdu[0] = 16;
      pdu.writeUInt16BE(address, 1);
      pdu.writeUInt16BE(count, 3);
      return frame(request, unit, pdu);
    }
    return exception(request, 1);
  }
}

/** MBAP header (transaction id copied from the request) + PDU. */
export function frame(request: Buffer, unit: number, pdu: Buffer): Buffer {
  const header = Buffer.alloc(7);
  request.copy(header, 0, 0, 4);
  header.writeUInt16BE(pdu.length + 1, 4);
  header[6] = unit;
  return Buffer.concat([header, pdu]);
}

export function exception(request: Buffer, code: number): Buffer {
  return frame(request, request[6], Buffer.from([request[7] | 0x80, code]));
}

/** Writes a float into two registers, low word first (the F4T default), from its IEEE-754 bits. */
export function putFloatLowHigh(registers: Map<number, number>, address: number, value: number): void {
  const bits = Buffer.alloc(4);
  bits.writeFloatBE(value);
  registers.set(address, bits.readUInt16BE(2));
  registers.set(address + 1, bits.readUInt16BE(0));
}

/** An F4T loop 1 in C: units, set-point range, set point, process value and both mode registers. */
export function f4tLoopRegisters(values: { setpointC: number; processValueC: number; rangeC?: [number, number]; mode?: number }): Map<number, number> {
  const registers = new Map<number, number>();
  registers.set(1328, 15);
  const [low, high] = values.rangeC ?? [-50, 300];
  putFloatLowHigh(registers, 2774, low);
  putFloatLowHigh(registers, 2776, high);
  putFloatLowHigh(registers, 2782, values.setpointC);
  putFloatLowHigh(registers, 2820, values.processValueC);
  registers.set(2730, values.mode ?? 10);
  registers.set(2814, values.mode ?? 10);
  return registers;
}
