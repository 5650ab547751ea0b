import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstrumentError } from '../../src/instruments/interfaces.js';
import { WatlowF4t } from '../../src/instruments/watlow/f4t-controller.js';
import { float32ToWords, wordsToFloat32 } from '../../src/instruments/watlow/float-codec.js';
import { openModbusTcp, type HoldingRegisters } from '../../src/instruments/watlow/modbus-tcp.js';
import { FakeF4t, exception, f4tLoopRegisters, frame, putFloatLowHigh } from './fakes/fake-f4t.js';
import { closedPort } from './fakes/tcp-fixture.js';

describe('float codec', () => {
  // IEEE-754 single-precision bit patterns, written out by hand.
  const known: Array<[number, number, number]> = [
    [25, 0x41c8, 0x0000],
    [1.5, 0x3fc0, 0x0000],
    [-40, 0xc220, 0x0000],
    [123.456, 0x42f6, 0xe979],
    [0.1, 0x3dcc, 0xcccd],
  ];

  it('puts the low word first in low-high order and the high word first in high-low order', () => {
    for (const [value, high, low] of known) {
      expect(float32ToWords(value, 'low-high')).toEqual([low, high]);
      expect(float32ToWords(value, 'high-low')).toEqual([high, low]);
    }
  });

  it('decodes the same words back to the float32 value', () => {
    for (const [value, high, low] of known) {
      expect(wordsToFloat32([low, high], 'low-high')).toBe(Math.fround(value));
      expect(wordsToFloat32([high, low], 'high-low')).toBe(Math.fround(value));
    }
    expect(wordsToFloat32([0x0000, 0x7fc0], 'low-high')).toBeNaN();
  });
});

describe('Watlow F4T over Modbus TCP', () => {
  let fake: FakeF4t;
  let registers: HoldingRegisters;

  beforeEach(async () => {
    fake = await new FakeF4t({ registers: f4tLoopRegisters({ setpointC: 25, processValueC: 24.5, mode: 62 }) }).listen();
    registers = await openModbusTcp({ host: '127.0.0.1', port: fake.port, unitId: 1, timeoutMs: 300, device: 'watlow f4t' });
  });
  afterEach(async () => {
    await registers.close();
    await fake.close();
  });

  it('writes the set point to 2782-2783 with FC 16, low word first, and reads it back', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.requests.length = 0;
    await heater.setSetpointC(160);
    // 160.0 = 0x43200000: FC16, address 2782 (0x0ADE), 2 registers, 4 bytes, low word 0x0000, high word 0x4320.
    const write = fake.requests.find((request) => request[7] === 16)!;
    expect([...write.subarray(2)]).toEqual([0x00, 0x00, 0x00, 0x0b, 0x01, 0x10, 0x0a, 0xde, 0x00, 0x02, 0x04, 0x00, 0x00, 0x43, 0x20]);
    expect(fake.registers.get(2782)).toBe(0x0000);
    expect(fake.registers.get(2783)).toBe(0x4320);
    // Range check before the write, then the write, then the read-back.
    expect(fake.requests.map((request) => [request[7], request.readUInt16BE(8)])).toEqual([[3, 2774], [16, 2782], [3, 2782]]);
    expect(await heater.readSetpointC()).toBe(160);
  });

  it('reads the process value from 2820 with FC 3', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.requests.length = 0;
    expect(await heater.readProcessValueC()).toBe(24.5);
    // FC3, address 2820 (0x0B04), 2 registers.
    expect([...fake.requests[0].subarray(6)]).toEqual([0x01, 0x03, 0x0b, 0x04, 0x00, 0x02]);
  });

  it('sets and reads the control mode; off is value 62', async () => {
    const heater = await WatlowF4t.open(registers);
    await heater.setMode('auto');
    expect(fake.registers.get(2730)).toBe(10);
    expect(await heater.readMode()).toBe('auto');
    await heater.setMode('manual');
    expect(fake.registers.get(2730)).toBe(54);
    await heater.setMode('off');
    expect(fake.registers.get(2730)).toBe(62);
    expect(await heater.readMode()).toBe('off');
  });

  it('uses loop n registers at an offset of (n-1)*160', async () => {
    const loop2 = new Map<number, number>();
    for (const [address, value] of f4tLoopRegisters({ setpointC: 50, processValueC: 48.25 })) loop2.set(address === 1328 ? address : address + 160, value);
    for (const [address, value] of loop2) fake.registers.set(address, value);
    const heater = await WatlowF4t.open(registers, { loop: 2 });
    expect(await heater.readProcessValueC()).toBe(48.25);
    await heater.setMode('off');
    expect(fake.registers.get(2890)).toBe(62);
  });

  it('converts from F when the controller works in F', async () => {
    fake.registers.set(1328, 30);
    putFloatLowHigh(fake.registers, 2774, 32);
    putFloatLowHigh(fake.registers, 2776, 572);
    putFloatLowHigh(fake.registers, 2820, 212);
    const heater = await WatlowF4t.open(registers, { temperatureUnits: 'F' });
    expect(await heater.readProcessValueC()).toBeCloseTo(100, 10);
    await heater.setSetpointC(150);
    expect(wordsToFloat32([fake.registers.get(2782)!, fake.registers.get(2783)!], 'low-high')).toBe(302);
  });

  it('refuses to open when the controller units differ from the configuration', async () => {
    fake.registers.set(1328, 30);
    await expect(WatlowF4t.open(registers)).rejects.toThrow('watlow f4t: controller units are F (register 1328), lab configuration says C');
  });

  it('refuses to open when the set-point range only makes sense in the other word order', async () => {
    await expect(WatlowF4t.open(registers, { wordOrder: 'high-low' })).rejects.toThrow(/check the Modbus word order \(configured high-low\)/);
  });

  it('refuses a set point outside the controller range without writing it', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.requests.length = 0;
    await expect(heater.setSetpointC(400)).rejects.toThrow('watlow f4t: set point 400 C outside the controller\'s range -50-300 C');
    await expect(heater.setSetpointC(Number.NaN)).rejects.toThrow(/finite number, got NaN/);
    expect(fake.requests.some((request) => request[7] === 16)).toBe(false);
  });

  it('reports a set point the controller did not keep', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.afterWrite = (address) => {
      if (address === 2782) putFloatLowHigh(fake.registers, 2782, 150);
    };
    await expect(heater.setSetpointC(160)).rejects.toThrow('watlow f4t: wrote set point 160 C, controller reads back 150 C');
  });

  it('reports a mode the controller did not keep, and a mode code it does not know', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.afterWrite = (address) => {
      if (address === 2730) fake.registers.set(2730, 10);
    };
    await expect(heater.setMode('off')).rejects.toThrow('watlow f4t: wrote control mode 62 (off), controller reads back 10');
    fake.registers.set(2814, 99);
    await expect(heater.readMode()).rejects.toThrow('watlow f4t: control mode register holds 99, not 10 (auto), 54 (manual) or 62 (off)');
  });

  it('turns a NaN process value into an InstrumentError', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.registers.set(2820, 0x0000);
    fake.registers.set(2821, 0x7fc0);
    const error = await heater.readProcessValueC().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstrumentError);
    expect((error as Error).message).toBe('watlow f4t: process value register 2820 holds NaN');
  });

  it('names the Modbus exception the controller answers with', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.override = (request) => (request.readUInt16BE(8) === 2820 ? exception(request, 2) : undefined);
    await expect(heater.readProcessValueC()).rejects.toThrow('watlow f4t: reading 2 register(s) at 2820: Modbus exception 2 (illegal data address)');
  });

  it('refuses a reply with the wrong number of registers', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.override = (request) => (request.readUInt16BE(8) === 2820 ? frame(request, 1, Buffer.from([3, 2, 0x41, 0xc8])) : undefined);
    await expect(heater.readProcessValueC()).rejects.toThrow(/^watlow f4t: reading 2 register\(s\) at 2820: /);
  });

  it('times out with the device named when the controller does not answer', async () => {
    const heater = await WatlowF4t.open(registers);
    fake.override = () => 'silent';
    await expect(heater.setMode('off')).rejects.toThrow(/^watlow f4t: writing 1 register\(s\) at 2730: Timed out/);
  });
});

describe('Modbus TCP late replies', () => {
  it('a reply that comes after its timeout is not taken for the next request', async () => {
    const fake = await new FakeF4t({ registers: f4tLoopRegisters({ setpointC: 25, processValueC: 24.5 }) }).listen();
    const registers = await openModbusTcp({ host: '127.0.0.1', port: fake.port, unitId: 1, timeoutMs: 200, device: 'watlow f4t' });
    try {
      const heater = await WatlowF4t.open(registers);
      fake.replyDelayMs = (request) => (request.readUInt16BE(8) === 2820 ? 260 : request.readUInt16BE(8) === 2782 ? 120 : 0);
      await expect(heater.readProcessValueC()).rejects.toThrow(/Timed out/);
      // The late process value (24.5) arrives while the set point (25) is awaited.
      expect(await heater.readSetpointC()).toBe(25);
    } finally {
      await registers.close();
      await fake.close();
    }
  });
});

describe('Modbus TCP connection', () => {
  it('names the device when the controller is unreachable', async () => {
    const port = await closedPort();
    await expect(openModbusTcp({ host: '127.0.0.1', port, unitId: 1, timeoutMs: 300, device: 'watlow f4t' })).rejects.toThrow(
      new RegExp(`^watlow f4t: cannot connect to modbus tcp 127.0.0.1:${port} unit 1`),
    );
  });
});

describe('Modbus TCP link after a drop or a controller reboot', () => {
  let fake: FakeF4t;
  let registers: HoldingRegisters | undefined;
  const open = (reconnectDelaysMs?: number[]) => openModbusTcp({ host: '127.0.0.1', port: fake.port, unitId: 1, timeoutMs: 300, device: 'watlow f4t', reconnectDelaysMs });

  beforeEach(async () => {
    fake = await new FakeF4t({ registers: f4tLoopRegisters({ setpointC: 135, processValueC: 134.5, mode: 10 }) }).listen();
  });
  afterEach(async () => {
    await registers?.close();
    registers = undefined;
    await fake.close();
  });

  it('reconnects when the connection was cut and answers the request', async () => {
    registers = await open();
    const heater = await WatlowF4t.open(registers);
    expect(await heater.readProcessValueC()).toBe(134.5);
    fake.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await heater.readProcessValueC()).toBe(134.5);
    expect(registers.reconnects).toBe(1);
    expect(fake.accepted).toBe(2);
    expect(fake.openConnections).toBe(1);
  });

  it('waits out a controller reboot (connection refused for a while) and writes mode off once it is back', async () => {
    registers = await open([0, 250, 1000]);
    const heater = await WatlowF4t.open(registers);
    const rebooted = fake.reboot(100);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The controller is down now: the first reconnect attempt is refused, a later one gets through.
    await heater.setMode('off');
    await rebooted;
    expect(fake.registers.get(2730)).toBe(62);
    expect(await heater.readMode()).toBe('off');
    expect(registers.reconnects).toBe(1);
  });

  it('gives up after its attempts, names them, and reconnects on a later request once the controller is back', async () => {
    registers = await open([0, 20, 20]);
    const heater = await WatlowF4t.open(registers);
    const port = fake.port;
    await fake.close();
    await expect(heater.setMode('off')).rejects.toThrow(/^watlow f4t: writing 1 register\(s\) at 2730: the link to modbus tcp 127\.0\.0\.1:\d+ unit 1 was lost and 3 reconnect attempt\(s\) failed \(last: .*ECONNREFUSED/);
    fake = await new FakeF4t({ registers: f4tLoopRegisters({ setpointC: 135, processValueC: 134.5, mode: 10 }) }).listen(port);
    await heater.setMode('off');
    expect(fake.registers.get(2730)).toBe(62);
  });

  it('checks units and word order again after a reboot before trusting a temperature; mode off does not depend on them', async () => {
    registers = await open([0, 50, 50]);
    const heater = await WatlowF4t.open(registers);
    const inFahrenheit = f4tLoopRegisters({ setpointC: 275, processValueC: 274, mode: 10 });
    inFahrenheit.set(1328, 30);
    await fake.reboot(10, inFahrenheit);
    await expect(heater.readProcessValueC()).rejects.toThrow('watlow f4t: controller units are F (register 1328), lab configuration says C');
    await heater.setMode('off');
    expect(fake.registers.get(2730)).toBe(62);
  });
});
