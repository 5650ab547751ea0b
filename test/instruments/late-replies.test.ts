// A reply that comes after its command timed out (or its wait was aborted) must never be taken
// for the answer to the next command. The devices here hold a reply back and send it while the
// next command is waiting, which is how a slow or rebooting instrument behaves on the wire.
import { describe, expect, it } from 'vitest';
import { ChemyxPump } from '../../src/instruments/chemyx/chemyx-pump.js';
import { InstrumentError, WaitAbortedError } from '../../src/instruments/interfaces.js';
import { OceanHdx } from '../../src/instruments/ocean/hdx-spectrometer.js';
import { ObpClient } from '../../src/instruments/ocean/obp-client.js';
import { OBP_FLAGS, encodeObpMessage } from '../../src/instruments/ocean/obp-message.js';
import { AsciiSession } from '../../src/instruments/transport/ascii-session.js';
import { createMemoryStreamPair } from '../../src/instruments/transport/memory-stream.js';
import { FakeChemyx } from './fakes/fake-chemyx.js';
import { FakeHdx, MSG } from './fakes/fake-hdx.js';

const text = (value: string) => Buffer.from(value, 'latin1');
const integrationReply = (regarding: number, microseconds: number) => {
  const payload = Buffer.alloc(4);
  payload.writeUInt32LE(microseconds);
  return encodeObpMessage({ messageType: MSG.getIntegrationTimeUs, flags: OBP_FLAGS.responseToRequest, regarding, payload });
};

describe('Chemyx ASCII session: late replies', () => {
  it('drops the reply to a timed-out command that arrives while the next command waits, and returns the next one\'s own reply', async () => {
    const [host, device] = createMemoryStreamPair();
    const fake = new FakeChemyx(device);
    const session = new AsciiSession(host, { terminator: '\r', framing: { kind: 'prompt', prompt: '>' }, echo: true, timeoutMs: 30 });
    const pump = new ChemyxPump(session, { id: 'cui' });
    let held: string | undefined;
    fake.override = (command) => {
      if (command === 'set rate 7') {
        held = 'set rate 7\r\nrate = 7.000000\r\n>';
        return 'silent';
      }
      if (command === 'set rate 9' && held) {
        // The late reply to 'set rate 7' reaches the host after 'set rate 9' was sent, just before its own reply.
        void device.write(text(held));
        held = undefined;
      }
      return undefined;
    };
    await expect(pump.setRateUlPerMin(7)).rejects.toThrow("chemyx cui: no '>' prompt after 'set rate 7' within 30 ms");
    await pump.setRateUlPerMin(9);
    expect((await pump.status()).rateUlPerMin).toBe(9);
    expect(fake.state.rate).toBe(9);
  });

  it('drops the late reply to a timed-out stop, so the status read-back that follows reads the status', async () => {
    const [host, device] = createMemoryStreamPair();
    const fake = new FakeChemyx(device);
    const session = new AsciiSession(host, { terminator: '\r', framing: { kind: 'prompt', prompt: '>' }, echo: true, timeoutMs: 30 });
    const pump = new ChemyxPump(session, { id: 'cui' });
    fake.state.status = 1;
    let held: string | undefined;
    fake.override = (command) => {
      if (command === 'stop') {
        fake.state.status = 0;
        held = 'stop\r\nPump stop!\r\n>';
        return 'silent';
      }
      if (held) {
        void device.write(text(held));
        held = undefined;
      }
      return undefined;
    };
    await expect(pump.stop()).rejects.toThrow(/no '>' prompt after 'stop'/);
    expect((await pump.status()).state).toBe('stopped');
  });

  it('still refuses a reply that answers no command sent', async () => {
    const [host, device] = createMemoryStreamPair();
    const session = new AsciiSession(host, { terminator: '\r', framing: { kind: 'prompt', prompt: '>' }, echo: true, timeoutMs: 200 });
    device.onData(() => void device.write(text('set rate 3\r\nrate = 3.000000\r\n>')));
    await expect(session.exchange('set rate 5', 'chemyx cui')).rejects.toThrow(/reply to 'set rate 5' does not start with its echo \(got "set rate 3 \| rate = 3.000000"\)/);
  });

  it('without echo, waits for an overdue reply and drops it before sending the next command', async () => {
    const [host, device] = createMemoryStreamPair();
    const session = new AsciiSession(host, { terminator: '\r', framing: { kind: 'prompt', prompt: '>' }, echo: false, timeoutMs: 30 });
    const received: string[] = [];
    device.onData((bytes) => {
      const command = Buffer.from(bytes).toString('latin1').trim();
      received.push(command);
      if (command === 'dispensed volume') setTimeout(() => void device.write(text('dispensed volume = 12.5\r\n>')), 20);
    });
    await expect(session.exchange('pump status', 'chemyx cui')).rejects.toThrow(/no '>' prompt after 'pump status'/);
    // The pump answers 'pump status' late, after the host gave up on it, and before it would answer the next command.
    setTimeout(() => void device.write(text('1\r\n>')), 5);
    expect(await session.exchange('dispensed volume', 'chemyx cui', { timeoutMs: 1000 })).toEqual(['dispensed volume = 12.5']);
    expect(received).toEqual(['pump status', 'dispensed volume']);
  });
});

describe('OBP client: replies matched by their regarding field', () => {
  async function connect(timeoutMs = 40) {
    const [host, device] = createMemoryStreamPair();
    const fake = new FakeHdx(device);
    const obp = new ObpClient(host, { device: 'hdx pl', timeoutMs });
    const spectrometer = await OceanHdx.open(obp, { id: 'pl' });
    return { fake, obp, spectrometer };
  }

  it('numbers every request in its regarding field', async () => {
    const { fake, spectrometer } = await connect();
    await spectrometer.getIntegrationTimeMs();
    const numbers = fake.received.map((request) => request.regarding);
    expect(numbers.every((n) => n > 0)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('drops a late reply to a timed-out request of the same type and returns the reply to this one', async () => {
    const { fake, spectrometer } = await connect();
    let late: number | undefined;
    fake.override = (request) => {
      if (request.messageType !== MSG.getIntegrationTimeUs) return undefined;
      if (late === undefined) {
        late = request.regarding;
        return 'silent';
      }
      // The late answer (999 us) arrives first, then this request's own (100 ms).
      fake.override = undefined;
      return Buffer.concat([integrationReply(late, 999), integrationReply(request.regarding, 100_000)]);
    };
    await expect(spectrometer.getIntegrationTimeMs()).rejects.toThrow('hdx pl: no OBP reply header to 0x00110000 within 40 ms (received nothing)');
    expect(await spectrometer.getIntegrationTimeMs()).toBe(100);
  });

  it('drops the spectrum of an aborted acquisition when it arrives during the next request', async () => {
    const { fake, spectrometer } = await connect(2000);
    const controller = new AbortController();
    let heldSpectrum: Buffer | undefined;
    fake.override = (request) => {
      if (request.messageType === MSG.getSpectrumHdx) {
        heldSpectrum = encodeObpMessage({ messageType: MSG.getSpectrumHdx, flags: OBP_FLAGS.responseToRequest, regarding: request.regarding, payload: Buffer.alloc(2 * 2068, 0xff) });
        queueMicrotask(() => controller.abort());
        return 'silent';
      }
      if (heldSpectrum && request.messageType === MSG.getIntegrationTimeUs) {
        const reply = Buffer.concat([heldSpectrum, integrationReply(request.regarding, 100_000)]);
        heldSpectrum = undefined;
        return reply;
      }
      return undefined;
    };
    const aborted = await spectrometer.acquire({ signal: controller.signal }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(WaitAbortedError);
    expect(await spectrometer.getIntegrationTimeMs()).toBe(100);
  });

  it('refuses a reply regarding a request this client never sent', async () => {
    const { fake, spectrometer } = await connect();
    fake.override = (request) => (request.messageType === MSG.getIntegrationTimeUs ? integrationReply(request.regarding + 1000, 5) : undefined);
    const error = await spectrometer.getIntegrationTimeMs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstrumentError);
    expect((error as Error).message).toMatch(/regards request \d+, which this client did not send/);
  });

  it('works with a device that leaves regarding at 0, matching by message type', async () => {
    const { fake, spectrometer } = await connect();
    fake.echoRegarding = false;
    await spectrometer.setIntegrationTimeMs(20);
    expect(await spectrometer.getIntegrationTimeMs()).toBe(20);
    expect((await spectrometer.acquire()).counts.length).toBe(2068);
  });
});
