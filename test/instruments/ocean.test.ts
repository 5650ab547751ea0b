import { describe, expect, it } from 'vitest';
import { InstrumentError } from '../../src/instruments/interfaces.js';
import { OceanHdx } from '../../src/instruments/ocean/hdx-spectrometer.js';
import { ObpClient } from '../../src/instruments/ocean/obp-client.js';
import { OBP_CHECKSUM, OBP_FLAGS, decodeObpHeader, decodeObpMessage, encodeObpMessage } from '../../src/instruments/ocean/obp-message.js';
import { wavelengthAxisNm, wavelengthAxisProblem } from '../../src/instruments/ocean/wavelength-axis.js';
import { createMemoryStreamPair } from '../../src/instruments/transport/memory-stream.js';
import { FakeHdx, MSG, type FakeHdxOptions } from './fakes/fake-hdx.js';

const zeros = (n: number) => new Array<number>(n).fill(0);

describe('OBP message construction', () => {
  it('builds "set integration time 10 ms" byte for byte, payload in the immediate field', () => {
    const payload = Buffer.alloc(4);
    payload.writeUInt32LE(10_000);
    const bytes = encodeObpMessage({ messageType: 0x00110010, flags: OBP_FLAGS.ackRequested, payload });
    expect([...bytes]).toEqual([
      0xc1, 0xc0, // start bytes
      0x00, 0x11, // protocol version 0x1100
      0x04, 0x00, // flags: ACK requested
      0x00, 0x00, // error number
      0x10, 0x00, 0x11, 0x00, // message type 0x00110010
      ...zeros(4), // regarding
      ...zeros(6), // reserved
      0x00, // checksum type: none
      0x04, // immediate length
      0x10, 0x27, 0x00, 0x00, ...zeros(12), // immediate data: 10000 us
      0x14, 0x00, 0x00, 0x00, // bytes remaining: 16 checksum + 4 footer
      ...zeros(16), // checksum
      0xc5, 0xc4, 0xc3, 0xc2, // footer
    ]);
  });

  it('puts payloads over 16 bytes after the header and counts them in bytes remaining', () => {
    const payload = Buffer.from(Array.from({ length: 17 }, (_, i) => i + 1));
    const bytes = encodeObpMessage({ messageType: 0x00101000, payload });
    expect(bytes.length).toBe(44 + 17 + 20);
    expect(bytes[23]).toBe(0);
    expect(bytes.readUInt32LE(40)).toBe(37);
    expect([...bytes.subarray(44, 61)]).toEqual([...payload]);
    expect(decodeObpMessage(bytes).payload.equals(payload)).toBe(true);
  });

  it('round-trips a message with an MD5 checksum and detects a corrupted byte', () => {
    const payload = Buffer.alloc(40, 7);
    const bytes = encodeObpMessage({ messageType: 0x00101000, flags: OBP_FLAGS.responseToRequest, payload, checksumType: OBP_CHECKSUM.md5 });
    const decoded = decodeObpMessage(bytes);
    expect(decoded).toMatchObject({ messageType: 0x00101000, flags: 1, errorNumber: 0, checksumType: 1 });
    expect(decoded.payload.equals(payload)).toBe(true);
    bytes[50] ^= 0xff;
    expect(() => decodeObpMessage(bytes)).toThrow('OBP MD5 checksum does not match');
  });

  it('refuses wrong start bytes, footer, length and immediate size', () => {
    const good = encodeObpMessage({ messageType: 0x00110000 });
    const broken = (change: (bytes: Buffer) => void) => {
      const bytes = Buffer.from(good);
      change(bytes);
      return bytes;
    };
    expect(() => decodeObpHeader(broken((b) => (b[0] = 0x00)))).toThrow(/start bytes are not C1 C0/);
    expect(() => decodeObpHeader(broken((b) => b.writeUInt16LE(0x1000, 2)))).toThrow(/protocol version/);
    expect(() => decodeObpHeader(broken((b) => (b[23] = 17)))).toThrow(/immediate data longer than 16 bytes/);
    expect(() => decodeObpHeader(broken((b) => (b[22] = 5)))).toThrow(/unknown checksum type/);
    expect(() => decodeObpHeader(broken((b) => b.writeUInt32LE(4, 40)))).toThrow(/shorter than checksum and footer/);
    expect(() => decodeObpMessage(broken((b) => (b[63] = 0)))).toThrow(/footer/);
    expect(() => decodeObpMessage(Buffer.concat([good, Buffer.from([0])]))).toThrow(/65 bytes, header announces 64/);
  });
});

describe('wavelength axis', () => {
  it('evaluates the calibration polynomial at each pixel index', () => {
    const axis = wavelengthAxisNm([200, 0.5, 1e-4, -2e-8], 2068);
    const at = (p: number) => 200 + 0.5 * p + 1e-4 * p ** 2 - 2e-8 * p ** 3;
    for (const pixel of [0, 1, 10, 1034, 2067]) expect(axis[pixel]).toBeCloseTo(at(pixel), 9);
    expect(wavelengthAxisProblem(axis)).toBeUndefined();
  });

  it('calls a non-monotonic or non-finite axis unusable', () => {
    expect(wavelengthAxisProblem(wavelengthAxisNm([500, -0.1], 10))).toMatch(/does not increase at pixel 1/);
    expect(wavelengthAxisProblem(wavelengthAxisNm([Number.NaN, 1], 3))).toMatch(/pixel 0 has wavelength NaN/);
  });
});

async function connect(options: FakeHdxOptions & { adcBits?: number; timeoutMs?: number } = {}) {
  const [host, device] = createMemoryStreamPair();
  const fake = new FakeHdx(device, options);
  const obp = new ObpClient(host, { device: 'hdx pl', timeoutMs: options.timeoutMs ?? 300 });
  const spectrometer = await OceanHdx.open(obp, { id: 'pl', pixelCount: options.pixelCount, adcBits: options.adcBits });
  return { fake, obp, spectrometer };
}

async function instrumentFailure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InstrumentError);
  expect((error as InstrumentError).device).toBe('hdx pl');
  return (error as Error).message;
}

describe('Ocean HDX over OBP', () => {
  it('reads integration time and wavelength calibration when opened', async () => {
    const { fake, spectrometer } = await connect({ coefficients: [199.5, 0.3, -6e-6], integrationTimeUs: 250_000 });
    expect(fake.received.map((m) => m.messageType)).toEqual([MSG.getIntegrationTimeUs, MSG.getCoefficientCount, MSG.getCoefficient, MSG.getCoefficient, MSG.getCoefficient]);
    expect(fake.received.slice(2).map((m) => m.payload[0])).toEqual([0, 1, 2]);
    expect(fake.received.every((m) => m.flags === 0)).toBe(true);
    expect(await spectrometer.getIntegrationTimeMs()).toBe(250);
    const axis = await spectrometer.wavelengthsNm();
    const [c0, c1, c2] = [199.5, 0.3, -6e-6].map(Math.fround);
    expect(axis.length).toBe(2068);
    expect(axis[0]).toBeCloseTo(c0, 9);
    expect(axis[2067]).toBeCloseTo(c0 + c1 * 2067 + c2 * 2067 ** 2, 6);
  });

  it('sets the integration time in microseconds with ACK requested, then reads it back', async () => {
    const { fake, spectrometer } = await connect();
    fake.received.length = 0;
    await spectrometer.setIntegrationTimeMs(12.5);
    const [set, get] = fake.received;
    expect(set.messageType).toBe(MSG.setIntegrationTimeUs);
    expect(set.flags).toBe(OBP_FLAGS.ackRequested);
    expect([...set.payload]).toEqual([0xd4, 0x30, 0x00, 0x00]);
    expect(get.messageType).toBe(MSG.getIntegrationTimeUs);
    expect(await spectrometer.getIntegrationTimeMs()).toBe(12.5);
  });

  it('refuses an integration time the device did not keep, or outside the limits', async () => {
    const { fake, spectrometer } = await connect();
    fake.quantise = (microseconds) => Math.round(microseconds / 1000) * 1000;
    expect(await instrumentFailure(spectrometer.setIntegrationTimeMs(12.5))).toBe('hdx pl: set integration time 12500 us, spectrometer reads back 13000 us');
    expect(await instrumentFailure(spectrometer.setIntegrationTimeMs(5))).toMatch(/integration time 5 ms outside 6-10000 ms/);
    expect(await instrumentFailure(spectrometer.setIntegrationTimeMs(Number.NaN))).toMatch(/integration time NaN ms/);
  });

  it('acquires one spectrum of uint16 counts on the calibrated axis, with the 16-bit ceiling', async () => {
    const { spectrometer } = await connect({ counts: (pixel) => (pixel * 37) % 65536 });
    await spectrometer.setIntegrationTimeMs(20);
    const spectrum = await spectrometer.acquire();
    expect(spectrum.counts.length).toBe(2068);
    expect(spectrum.counts[0]).toBe(0);
    expect(spectrum.counts[1000]).toBe(37_000);
    expect(spectrum.counts[1800]).toBe((1800 * 37) % 65536);
    expect(spectrum.saturationCounts).toBe(65535);
    expect(spectrum.integrationTimeMs).toBe(20);
    expect([...spectrum.wavelengthsNm]).toEqual([...(await spectrometer.wavelengthsNm())]);
  });

  it('takes the ceiling from the ADC bit depth and refuses counts above it', async () => {
    const { spectrometer } = await connect({ adcBits: 12, counts: (pixel) => (pixel === 5 ? 5000 : 100) });
    expect(spectrometer.saturationCounts).toBe(4095);
    expect(await instrumentFailure(spectrometer.acquire())).toBe('hdx pl: pixel 5 reads 5000 counts, above the 4095 ceiling of the ADC');
  });

  it('refuses a spectrum of the wrong length', async () => {
    const { fake, spectrometer } = await connect();
    fake.override = (request) =>
      request.messageType === MSG.getSpectrumHdx ? encodeObpMessage({ messageType: MSG.getSpectrumHdx, flags: 1, payload: Buffer.alloc(2 * 2000) }) : undefined;
    expect(await instrumentFailure(spectrometer.acquire())).toBe('hdx pl: spectrum has 4000 bytes, expected 4136 (2068 pixels x uint16)');
  });

  it('turns a NACK into an InstrumentError with the OBP error text', async () => {
    const { fake, spectrometer } = await connect();
    fake.override = (request) =>
      request.messageType === MSG.getSpectrumHdx ? encodeObpMessage({ messageType: MSG.getSpectrumHdx, flags: OBP_FLAGS.responseToRequest | OBP_FLAGS.nack, errorNumber: 7 }) : undefined;
    expect(await instrumentFailure(spectrometer.acquire())).toBe('hdx pl: NACK for message 0x00101000: error 7 (device not ready for given message type)');
  });

  it('refuses a reply of another message type', async () => {
    const { fake, spectrometer } = await connect();
    fake.override = (request) => (request.messageType === MSG.getIntegrationTimeUs ? encodeObpMessage({ messageType: MSG.getCoefficientCount, flags: 1, payload: Buffer.from([4]) }) : undefined);
    expect(await instrumentFailure(spectrometer.getIntegrationTimeMs())).toBe('hdx pl: sent message 0x00110000, reply is of type 0x00180100');
  });

  it('refuses a set command answered without ACK', async () => {
    const { fake, spectrometer } = await connect();
    fake.override = (request) => (request.messageType === MSG.setIntegrationTimeUs ? encodeObpMessage({ messageType: MSG.setIntegrationTimeUs, flags: 1 }) : undefined);
    expect(await instrumentFailure(spectrometer.setIntegrationTimeMs(50))).toMatch(/no ACK for message 0x00110010/);
  });

  it('refuses a NaN or nonsensical wavelength calibration', async () => {
    const [host, device] = createMemoryStreamPair();
    new FakeHdx(device, { coefficients: [Number.NaN, 0.3] });
    const obp = new ObpClient(host, { device: 'hdx pl', timeoutMs: 300 });
    expect(await instrumentFailure(OceanHdx.open(obp, { id: 'pl' }))).toMatch(/wavelength calibration \[NaN, 0\.3.*\] is unusable: pixel 0 has wavelength NaN/);
  });

  it('refuses a malformed frame and then works again', async () => {
    const { fake, spectrometer } = await connect();
    fake.override = (request) => {
      if (request.messageType !== MSG.getIntegrationTimeUs) return undefined;
      fake.override = undefined;
      const bytes = encodeObpMessage({ messageType: MSG.getIntegrationTimeUs, flags: 1, payload: Buffer.from([0x10, 0x27, 0, 0]) });
      bytes[62] = 0x00;
      return bytes;
    };
    expect(await instrumentFailure(spectrometer.getIntegrationTimeMs())).toBe('hdx pl: reply to 0x00110000: OBP footer is not C5 C4 C3 C2');
    expect(await spectrometer.getIntegrationTimeMs()).toBe(100);
  });

  it('times out with the device and message named', async () => {
    const { fake, spectrometer } = await connect({ timeoutMs: 40 });
    fake.override = () => 'silent';
    expect(await instrumentFailure(spectrometer.getIntegrationTimeMs())).toBe('hdx pl: no OBP reply header to 0x00110000 within 40 ms (received nothing)');
  });
});
