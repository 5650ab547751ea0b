// An Ocean HDX-like spectrometer on the virtual rig. A scan reads the flowcell as it is when
// the exposure starts and takes its integration time on the rig's clock.
import type { Spectrum } from '../../domain/spectrum.js';
import type { SpectrometerChannel } from '../../virtual-lab/rig-simulation.js';
import type { Spectrometer } from '../interfaces.js';
import { asInstrumentError, type SimContext } from './sim-context.js';

/** Readout and USB transfer after the exposure. */
const READOUT_S = 0.01;

export class SimSpectrometer implements Spectrometer {
  readonly id: 'plSpectrometer' | 'absorbanceSpectrometer';

  constructor(private readonly channel: SpectrometerChannel, private readonly context: SimContext) {
    this.id = channel === 'pl' ? 'plSpectrometer' : 'absorbanceSpectrometer';
  }

  async setIntegrationTimeMs(integrationTimeMs: number): Promise<void> {
    this.context.call(this.id, `setIntegrationTimeMs ${integrationTimeMs}`);
    asInstrumentError(this.id, () => this.context.simulation.setIntegrationTimeMs(this.channel, integrationTimeMs));
  }

  async getIntegrationTimeMs(): Promise<number> {
    this.context.call(this.id, 'getIntegrationTimeMs');
    return this.context.simulation.integrationTimeMs(this.channel);
  }

  async wavelengthsNm(): Promise<Float64Array> {
    this.context.call(this.id, 'wavelengthsNm');
    return this.context.simulation.wavelengthsNm(this.channel);
  }

  async acquire(options: { signal?: AbortSignal } = {}): Promise<Spectrum> {
    this.context.call(this.id, 'acquire');
    const spectrum = this.context.simulation.acquire(this.channel);
    await this.context.clock.sleepS(spectrum.integrationTimeMs / 1000 + READOUT_S, options.signal);
    return spectrum;
  }
}
