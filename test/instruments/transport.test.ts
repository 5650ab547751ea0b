import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { InstrumentError } from '../../src/instruments/interfaces.js';
import { AsciiSession, linesFrameEnd, promptFrameEnd, replyLines } from '../../src/instruments/transport/ascii-session.js';
import { ByteReader, preview } from '../../src/instruments/transport/byte-reader.js';
import { Exclusive } from '../../src/instruments/transport/exclusive.js';
import { createMemoryStreamPair } from '../../src/instruments/transport/memory-stream.js';
import { openSerialStream } from '../../src/instruments/transport/serial-stream.js';
import { openTcpStream } from '../../src/instruments/transport/tcp-stream.js';
import { closedPort, serveOnLocalhost, type LocalServer } from './fakes/tcp-fixture.js';

const text = (value: string) => Buffer.from(value, 'latin1');

describe('memory stream pair', () => {
  it('delivers bytes in order to the other end and closes both ends', async () => {
    const [host, device] = createMemoryStreamPair();
    const received: string[] = [];
    device.onData((bytes) => received.push(Buffer.from(bytes).toString()));
    let closedReason: Error | undefined | 'open' = 'open';
    device.onClose((reason) => (closedReason = reason));
    await host.write(text('ab'));
    await host.write(text('cd'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.join('')).toBe('abcd');
    await host.close();
    expect(device.isOpen).toBe(false);
    expect(closedReason).toBeUndefined();
    await expect(host.write(text('x'))).rejects.toThrow(/closed/);
  });
});

describe('frame ends', () => {
  it('finds a prompt only at the start of a line', () => {
    const end = promptFrameEnd('>');
    expect(end(text('rate = 5\r\n'))).toBe(-1);
    expect(end(text('a>b\r\n>'))).toBe(6);
    expect(end(text('>'))).toBe(1);
    expect(end(text('x\r\n>rest'))).toBe(4);
  });

  it('counts LF-terminated lines', () => {
    const end = linesFrameEnd(2);
    expect(end(text('one\r\n'))).toBe(-1);
    expect(end(text('one\r\ntwo\nthree\n'))).toBe(9);
  });

  it('splits reply text into trimmed non-empty lines', () => {
    expect(replyLines(' set rate 5 \r\nrate = 5.000000\r\n\r\n')).toEqual(['set rate 5', 'rate = 5.000000']);
  });

  it('previews binary bytes readably', () => {
    expect(preview(Buffer.from([0x41, 0x0d, 0x0a, 0x00, 0xff]))).toBe('"A\\r\\n\\x00\\xff"');
  });
});

describe('ByteReader', () => {
  it('assembles a frame from chunks and keeps the rest for the next read', async () => {
    const [host, device] = createMemoryStreamPair();
    const reader = new ByteReader(host);
    const frame = reader.readUntil(promptFrameEnd('>'), { device: 'pump a', timeoutMs: 1000, what: 'prompt' });
    await device.write(text('echo\r\n'));
    await device.write(text('value\r\n>extra'));
    expect((await frame).toString()).toBe('echo\r\nvalue\r\n>');
    expect((await reader.readExactly(5, { device: 'pump a', timeoutMs: 1000, what: 'bytes' })).toString()).toBe('extra');
  });

  it('times out with an InstrumentError naming the device, what it waited for and what came', async () => {
    const [host, device] = createMemoryStreamPair();
    const reader = new ByteReader(host);
    await device.write(text('partial'));
    const error = await reader.readExactly(20, { device: 'hdx pl', timeoutMs: 30, what: 'OBP header' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstrumentError);
    expect((error as InstrumentError).device).toBe('hdx pl');
    expect((error as Error).message).toBe('hdx pl: no OBP header within 30 ms (received "partial")');
  });

  it('fails a waiting read when the stream closes, and refuses reads afterwards', async () => {
    const [host, device] = createMemoryStreamPair('host', 'device');
    const reader = new ByteReader(host);
    const waiting = reader.readExactly(4, { device: 'chemyx cui', timeoutMs: 5000, what: 'reply' });
    await device.close();
    await expect(waiting).rejects.toThrow(/chemyx cui: host closed; no reply/);
    await expect(reader.readExactly(1, { device: 'chemyx cui', timeoutMs: 10, what: 'reply' })).rejects.toThrow(/closed; cannot read reply/);
  });

  it('drops bytes that arrived unasked', async () => {
    const [host, device] = createMemoryStreamPair();
    const reader = new ByteReader(host);
    await device.write(text('stale>'));
    await new Promise((resolve) => setImmediate(resolve));
    reader.discardPending();
    const frame = reader.readUntil(promptFrameEnd('>'), { device: 'd', timeoutMs: 1000, what: 'prompt' });
    await device.write(text('fresh\r\n>'));
    expect((await frame).toString()).toBe('fresh\r\n>');
  });
});

describe('AsciiSession', () => {
  it('removes the echo, and refuses a reply that does not start with it', async () => {
    const [host, device] = createMemoryStreamPair();
    const session = new AsciiSession(host, { terminator: '\r', framing: { kind: 'prompt', prompt: '>' }, echo: true, timeoutMs: 500 });
    let reply = 'set rate 5\r\nrate = 5.000000\r\n>';
    device.onData(() => void device.write(text(reply)));
    expect(await session.exchange('set rate 5', 'chemyx cui')).toEqual(['rate = 5.000000']);
    reply = 'rate = 5.000000\r\n>';
    await expect(session.exchange('set rate 5', 'chemyx cui')).rejects.toThrow(/chemyx cui: reply to 'set rate 5' does not start with its echo/);
  });

  it('runs one exchange at a time so concurrent callers do not take each other\'s replies', async () => {
    const [host, device] = createMemoryStreamPair();
    const session = new AsciiSession(host, { terminator: '\n', framing: { kind: 'lines', count: 1 }, echo: false, timeoutMs: 500 });
    device.onData((bytes) => {
      const command = Buffer.from(bytes).toString().trim();
      setTimeout(() => void device.write(text(`answer ${command}\n`)), command === 'slow' ? 20 : 0);
    });
    const [slow, fast] = await Promise.all([session.exchange('slow', 'd'), session.exchange('fast', 'd')]);
    expect(slow).toEqual(['answer slow']);
    expect(fast).toEqual(['answer fast']);
  });

  it('keeps working after a failed task', async () => {
    const exclusive = new Exclusive();
    await expect(exclusive.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await exclusive.run(async () => 7)).toBe(7);
  });
});

describe('TCP stream', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('exchanges bytes with a local server and closes', async () => {
    server = await serveOnLocalhost((stream) => stream.onData((bytes) => void stream.write(Buffer.from(Buffer.from(bytes).toString().toUpperCase()))));
    const stream = await openTcpStream({ host: '127.0.0.1', port: server.port, device: 'tcp test' });
    expect(stream.description).toBe(`tcp 127.0.0.1:${server.port}`);
    const reader = new ByteReader(stream);
    await stream.write(text('ping\n'));
    expect((await reader.readUntil(linesFrameEnd(1), { device: 'tcp test', timeoutMs: 1000, what: 'echo' })).toString()).toBe('PING\n');
    await stream.close();
    expect(stream.isOpen).toBe(false);
  });

  it('names the device when nothing listens', async () => {
    const port = await closedPort();
    await expect(openTcpStream({ host: '127.0.0.1', port, device: 'watlow f4t' })).rejects.toThrow(new RegExp(`^watlow f4t: cannot connect to tcp 127.0.0.1:${port}: .*ECONNREFUSED`));
  });
});

describe('serial stream (serialport mock binding)', () => {
  afterEach(() => SerialPortMock.binding.reset());
  const mockPorts = (options: ConstructorParameters<typeof SerialPortMock>[0]) => new SerialPortMock(options);

  it('writes bytes to the port and reports what the device sends', async () => {
    SerialPortMock.binding.createPort('/dev/ttyFAKE0', { record: true, echo: false });
    const stream = await openSerialStream({ path: '/dev/ttyFAKE0', baudRate: 9600, device: 'chemyx cui' }, mockPorts);
    expect(stream.description).toBe('serial /dev/ttyFAKE0');
    const reader = new ByteReader(stream);
    await stream.write(text('pump status\r'));
    const port = (stream as unknown as { port: SerialPortMock }).port;
    expect(port.port?.recording.toString('latin1')).toBe('pump status\r');
    expect(port.port?.openOptions.baudRate).toBe(9600);
    expect(port.port?.openOptions.dataBits).toBe(8);
    port.port?.emitData(Buffer.from('pump status\r\n0\r\n>'));
    expect((await reader.readUntil(promptFrameEnd('>'), { device: 'chemyx cui', timeoutMs: 1000, what: 'prompt' })).toString()).toBe('pump status\r\n0\r\n>');
    await stream.setControlLines({ rts: true });
    await stream.close();
    expect(stream.isOpen).toBe(false);
  });

  it('names the device when the port cannot be opened', async () => {
    await expect(openSerialStream({ path: '/dev/ttyMISSING', baudRate: 9600, device: 'chemyx pfo' }, mockPorts)).rejects.toThrow(
      /^chemyx pfo: cannot open serial \/dev\/ttyMISSING at 9600 baud/,
    );
  });
});
