// Spectra of the current flowcell content, one measurement channel at a time: its light off
// for the dark, on for the sample (absorbance: the lamp; PL: the LED). Lights end switched off.
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import { CHANNEL_ORDER, MEASUREMENT_CHANNELS, type MeasurementChannel } from '../instruments/roles.js';

export interface ChannelReading {
  dark: Spectrum;
  sample: Spectrum;
}

/** The readings of the channels measured; a channel the rig does not have is absent. */
export type AcquiredSpectra = Partial<Record<MeasurementChannel, ChannelReading>>;

export async function acquireChannel(rig: Rig, channel: MeasurementChannel): Promise<ChannelReading> {
  const roles = MEASUREMENT_CHANNELS[channel];
  const light = rig.light(roles.light);
  const spectrometer = rig.spectrometer(roles.spectrometer);
  await light.setOn(false);
  const dark = await spectrometer.acquire();
  await light.setOn(true);
  const sample = await spectrometer.acquire();
  await light.setOn(false);
  return { dark, sample };
}

/** Each of `channels`, absorbance first. */
export async function acquireSpectra(rig: Rig, channels: readonly MeasurementChannel[]): Promise<AcquiredSpectra> {
  const spectra: AcquiredSpectra = {};
  for (const channel of CHANNEL_ORDER) {
    if (channels.includes(channel)) spectra[channel] = await acquireChannel(rig, channel);
  }
  return spectra;
}
