import { describe, expect, it } from 'vitest';
import { ChemyxPump, formatDecimal } from '../../src/instruments/chemyx/chemyx-pump.js';
import { InstrumentError } from '../../src/instruments/interfaces.js';
import { AsciiSession } from '../../src/instruments/transport/ascii-session.js';
import { createMemoryStreamPair } from '../../src/instruments/transport/memory-stream.js';
import { FakeChemyx, type FakeChemyxOptions } from './fakes/fake-chemyx.js';

function connect(options: FakeChemyxOptions & { channel?: 1 | 2; fittedDiameterMm?: number; echo?: boolean; timeoutMs?: number } = {}) {
  const [host, device] = createMemoryStreamPair();
  const fake = new FakeChemyx(device, options);
  const session = new AsciiSession(host, { terminator: '\r', framing: { kind: 'prompt', prompt: '>' }, echo: options.echo ?? true, timeoutMs: options.timeoutMs ?? 300 });
  const pump = new ChemyxPump(session, { id: 'cui', channel: options.channel, fittedDiameterMm: options.fittedDiameterMm });
  return { fake, pump };
}

async function failure(promise: Promise<unknown>): Promise<InstrumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InstrumentError);
  expect((error as InstrumentError).device).toBe('chemyx cui');
  return error as InstrumentError;
}

describe('formatDecimal', () => {
  it('rounds to the given decimals without trailing zeros or exponent', () => {
    expect(formatDecimal(5, 6)).toBe('5');
    expect(formatDecimal(0.65, 6)).toBe('0.65');
    expect(formatDecimal(0.1234567, 6)).toBe('0.123457');
    expect(formatDecimal(28.6, 3)).toBe('28.6');
    expect(formatDecimal(100, 5)).toBe('100');
    expect(formatDecimal(2.5e-5, 5)).toBe('0.00003');
  });
});

describe('Chemyx pump on the wire', () => {
  it('sends each command as ASCII ending in CR, byte for byte', async () => {
    const { fake, pump } = connect();
    await pump.initialise();
    await pump.setDiameterMm(28.6);
    await pump.setRateUlPerMin(123.456);
    await pump.setVolumeUl(2057.6);
    await pump.start();
    await pump.stop();
    expect(fake.wire).toBe('set units 2\rset diameter 28.6\rset rate 123.456\rset volume 2057.6\rstart\rstop\r');
    expect(fake.state).toMatchObject({ units: 2, diameterMm: 28.6, rate: 123.456, volume: 2057.6, status: 0 });
  });

  it('prefixes every command with the channel of a dual-channel unit', async () => {
    const { fake, pump } = connect({ channel: 2 });
    await pump.initialise();
    await pump.setRateUlPerMin(5);
    await pump.start();
    await pump.status();
    expect(fake.commands).toEqual(['2 set units 2', '2 set rate 5', '2 start', '2 pump status', '2 dispensed volume']);
    expect(fake.channels['2'].status).toBe(1);
    expect(fake.channels['1'].status).toBe(0);
  });

  it('reads state and dispensed volume from the pump and reports the confirmed rate', async () => {
    const { fake, pump } = connect();
    await pump.setRateUlPerMin(40);
    await pump.start();
    fake.state.dispensed = 12.3456;
    expect(await pump.status()).toEqual({ state: 'running', rateUlPerMin: 40, dispensedUl: 12.3456 });
    for (const [code, state] of [[2, 'paused'], [3, 'delayed'], [4, 'stalled'], [0, 'stopped']] as const) {
      fake.state.status = code;
      expect((await pump.status()).state).toBe(state);
    }
  });

  it('parses replies of a pump with echo off', async () => {
    const { fake, pump } = connect({ echo: false });
    await pump.setDiameterMm(20);
    expect(fake.state.diameterMm).toBe(20);
  });

  it('accepts the transcript replies of the protocols doc', async () => {
    const { fake, pump } = connect();
    fake.override = (command) => (command === 'set diameter 20' ? ['diameter = 20.000'] : command === 'start' ? ['Pump start running…'] : undefined);
    await pump.setDiameterMm(20);
    await pump.start();
  });
});

describe('Chemyx set-value verification', () => {
  it('refuses a rate the pump clamped', async () => {
    const { pump } = connect({ maxRate: 100 });
    const error = await failure(pump.setRateUlPerMin(150));
    expect(error.message).toBe('chemyx cui: asked for rate 150 uL/min, pump reports 100 (outside its range for this syringe?)');
    expect((await pump.status()).rateUlPerMin).toBe(0);
  });

  it('accepts an echo that differs only by the pump\'s rounding', async () => {
    const { fake, pump } = connect();
    fake.override = (command) => (command.startsWith('set rate') ? ['rate = 0.333300'] : undefined);
    await pump.setRateUlPerMin(0.3333);
    expect((await pump.status()).rateUlPerMin).toBeCloseTo(0.3333, 10);
  });

  it('refuses units other than uL/min', async () => {
    const { fake, pump } = connect();
    fake.override = (command) => (command === 'set units 2' ? ['units = 0'] : undefined);
    expect((await failure(pump.initialise())).message).toMatch(/asked for units 2 \(uL\/min\), pump reports units 0/);
  });

  it('sends nothing for a NaN, negative or vanishing value', async () => {
    const { fake, pump } = connect();
    expect((await failure(pump.setRateUlPerMin(Number.NaN))).message).toMatch(/rate must be a positive number, got NaN/);
    await failure(pump.setVolumeUl(-5));
    expect((await failure(pump.setRateUlPerMin(1e-9))).message).toMatch(/rounds to 0/);
    await failure(pump.setDiameterMm(75));
    expect(fake.wire).toBe('');
  });

  it('refuses a bore other than the fitted syringe\'s', async () => {
    const { fake, pump } = connect({ fittedDiameterMm: 26.7 });
    expect((await failure(pump.setDiameterMm(28.6))).message).toMatch(/fitted syringe is 26.7 mm/);
    await pump.setDiameterMm(26.7);
    expect(fake.commands).toEqual(['set diameter 26.7']);
  });
});

describe('Chemyx malformed replies', () => {
  const cases: Array<[string, string, string[], (pump: ChemyxPump) => Promise<unknown>, RegExp]> = [
    ['NaN rate echo', 'set rate 5', ['rate = nan'], (pump) => pump.setRateUlPerMin(5), /unexpected reply to 'set rate 5': "rate = nan" \(rate is not a decimal number\)/],
    ['wrong label', 'set rate 5', ['volume = 5.000000'], (pump) => pump.setRateUlPerMin(5), /expected "rate = <number>"/],
    ['no value (out of range)', 'set volume 5', [], (pump) => pump.setVolumeUl(5), /unexpected reply to 'set volume 5': nothing/],
    ['two values', 'set rate 5', ['rate = 5.000000,5.000000'], (pump) => pump.setRateUlPerMin(5), /rate is not a decimal number/],
    ['refusal', 'set rate 5', ['Invalid Command!'], (pump) => pump.setRateUlPerMin(5), /pump refused 'set rate 5': Invalid Command!/],
    ['status out of range', 'pump status', ['7'], (pump) => pump.status(), /status code outside 0-4/],
    ['status not a number', 'pump status', ['NaN'], (pump) => pump.status(), /not a decimal number/],
    ['fractional status', 'pump status', ['1.5'], (pump) => pump.status(), /status code is not an integer/],
    ['dispensed NaN', 'dispensed volume', ['dispensed volume = NaN'], (pump) => pump.status(), /not a decimal number/],
    ['dispensed negative', 'dispensed volume', ['dispensed volume = -3.2'], (pump) => pump.status(), /dispensed volume is negative/],
    ['start not confirmed', 'start', ['Pump stop!'], (pump) => pump.start(), /expected "Pump start running\.\.\."/],
  ];

  for (const [name, command, reply, action, message] of cases) {
    it(`${name} -> InstrumentError`, async () => {
      const { fake, pump } = connect();
      fake.override = (received) => (received === command ? reply : undefined);
      expect((await failure(action(pump))).message).toMatch(message);
    });
  }

  it('a silent pump times out naming the command and the prompt', async () => {
    const { fake, pump } = connect({ timeoutMs: 40 });
    fake.override = () => 'silent';
    expect((await failure(pump.stop())).message).toBe("chemyx cui: no '>' prompt after 'stop' within 40 ms (received nothing)");
  });

  it('a late reply to a timed-out command is dropped before the next command', async () => {
    const { fake, pump } = connect({ timeoutMs: 40 });
    fake.replyDelayMs = (command) => (command === 'set rate 7' ? 60 : 0);
    await failure(pump.setRateUlPerMin(7));
    await new Promise((resolve) => setTimeout(resolve, 80));
    await pump.setRateUlPerMin(9);
    expect((await pump.status()).rateUlPerMin).toBe(9);
  });
});
