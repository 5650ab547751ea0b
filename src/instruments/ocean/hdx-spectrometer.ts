// Ocean Insight HDX over OBP: integration time (set, then read back), wavelength axis from the
// stored calibration polynomial, and one spectrum in counts. The saturation ceiling follows
// from the detector's ADC bit depth (16 bits: 65535).
import type { Spectrum } from '../../domain/spectrum.js';
import { InstrumentError, type Spectrometer } from '../interfaces.js';
import type { ObpClient } from './obp-client.js';
import { OBP_MESSAGE_TYPES as MSG } from './obp-message-types.js';
import { wavelengthAxisNm, wavelengthAxisProblem } from './wavelength-axis.js';

export interface HdxOptions {
  id: string;
  /** Pixels per spectrum (HDX: 2068, pyseabreeze). */
  pixelCount?: number;
  /** ADC resolution; the saturation ceiling is 2^bits - 1. */
  adcBits?: number;
  /** Integration-time limits (HDX: 6 ms - 10 s, pyseabreeze). */
  minIntegrationTimeMs?: number;
  maxIntegrationTimeMs?: number;
  /** Added to the integration time when waiting for a spectrum. */
  readoutMarginMs?: number;
}

const MAX_COEFFICIENTS = 10;

export class OceanHdx implements Spectrometer {
  readonly id: string;
  readonly pixelCount: number;
  readonly saturationCounts: number;
  private integrationTimeMs = Number.NaN;
  private wavelengths: Float64Array | undefined;

  private constructor(private readonly obp: ObpClient, private readonly options: HdxOptions) {
    this.id = options.id;
    this.pixelCount = options.pixelCount ?? 2068;
    const bits = options.adcBits ?? 16;
    if (!(Number.isInteger(bits) && bits >= 8 && bits <= 16)) throw new InstrumentError(obp.device, `ADC bit depth must be 8-16 (spectrum words are uint16), got ${bits}`);
    this.saturationCounts = 2 ** bits - 1;
  }

  /** Reads the current integration time and the wavelength calibration. */
  static async open(obp: ObpClient, options: HdxOptions): Promise<OceanHdx> {
    const spectrometer = new OceanHdx(obp, options);
    await spectrometer.getIntegrationTimeMs();
    await spectrometer.wavelengthsNm();
    return spectrometer;
  }

  get device(): string {
    return this.obp.device;
  }

  async setIntegrationTimeMs(integrationTimeMs: number): Promise<void> {
    const min = this.options.minIntegrationTimeMs ?? 6;
    const max = this.options.maxIntegrationTimeMs ?? 10_000;
    if (!(integrationTimeMs >= min && integrationTimeMs <= max)) {
      throw new InstrumentError(this.device, `integration time ${integrationTimeMs} ms outside ${min}-${max} ms`);
    }
    const microseconds = Math.round(integrationTimeMs * 1000);
    const payload = Buffer.alloc(4);
    payload.writeUInt32LE(microseconds);
    await this.obp.command(MSG.setIntegrationTimeUs, payload);
    const readBackMs = await this.getIntegrationTimeMs();
    if (Math.round(readBackMs * 1000) !== microseconds) {
      throw new InstrumentError(this.device, `set integration time ${microseconds} us, spectrometer reads back ${Math.round(readBackMs * 1000)} us`);
    }
  }

  async getIntegrationTimeMs(): Promise<number> {
    const payload = await this.obp.query(MSG.getIntegrationTimeUs);
    if (payload.length !== 4) throw new InstrumentError(this.device, `integration time reply has ${payload.length} bytes, not 4`);
    const microseconds = payload.readUInt32LE(0);
    if (microseconds === 0) throw new InstrumentError(this.device, 'integration time reads 0 us');
    this.integrationTimeMs = microseconds / 1000;
    return this.integrationTimeMs;
  }

  /** Wavelength of every pixel, from the device's calibration (read once, then kept). */
  async wavelengthsNm(): Promise<Float64Array> {
    if (!this.wavelengths) {
      const countReply = await this.obp.query(MSG.getWavelengthCoefficientCount);
      if (countReply.length !== 1) throw new InstrumentError(this.device, `coefficient count reply has ${countReply.length} bytes, not 1`);
      const count = countReply.readUInt8(0);
      if (count < 2 || count > MAX_COEFFICIENTS) throw new InstrumentError(this.device, `spectrometer reports ${count} wavelength coefficients (expected 2-${MAX_COEFFICIENTS})`);
      const coefficients: number[] = [];
      for (let index = 0; index < count; index++) {
        const reply = await this.obp.query(MSG.getWavelengthCoefficient, Buffer.from([index]));
        if (reply.length !== 4) throw new InstrumentError(this.device, `wavelength coefficient ${index} reply has ${reply.length} bytes, not 4`);
        coefficients.push(reply.readFloatLE(0));
      }
      const axis = wavelengthAxisNm(coefficients, this.pixelCount);
      const problem = wavelengthAxisProblem(axis);
      if (problem) throw new InstrumentError(this.device, `wavelength calibration [${coefficients.join(', ')}] is unusable: ${problem}`);
      this.wavelengths = axis;
    }
    return Float64Array.from(this.wavelengths);
  }

  async acquire(options: { signal?: AbortSignal } = {}): Promise<Spectrum> {
    const wavelengthsNm = await this.wavelengthsNm();
    const timeoutMs = this.integrationTimeMs + (this.options.readoutMarginMs ?? 2000);
    const payload = await this.obp.query(MSG.getSpectrumHdx, Buffer.alloc(0), { timeoutMs, signal: options.signal });
    if (payload.length !== 2 * this.pixelCount) {
      throw new InstrumentError(this.device, `spectrum has ${payload.length} bytes, expected ${2 * this.pixelCount} (${this.pixelCount} pixels x uint16)`);
    }
    const counts = new Float64Array(this.pixelCount);
    for (let pixel = 0; pixel < this.pixelCount; pixel++) {
      const value = payload.readUInt16LE(2 * pixel);
      if (value > this.saturationCounts) throw new InstrumentError(this.device, `pixel ${pixel} reads ${value} counts, above the ${this.saturationCounts} ceiling of the ADC`);
      counts[pixel] = value;
    }
    return { wavelengthsNm, counts, integrationTimeMs: this.integrationTimeMs, saturationCounts: this.saturationCounts };
  }
}
