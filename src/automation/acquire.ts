// Spectra of the current flowcell content, one measurement channel at a time: its light off
// for the dark, on for the sample (absorbance: the lamp; PL: the LED). Lights end switched off.
//
// A reading saturated where the channel's features look (src/analysis/saturation.ts) is never
// handed on. PL is taken again at a shorter integration time, as spectrometer software does
// (its features are per second, so readings at different times compare), a bounded number of
// times; the spectrometer is set back to its integration time afterwards. Absorbance cannot be:
// its reference (the solvent blank) was taken at one integration time, so a saturated
// absorbance reading fails. Either failure is a DetectorSaturatedError.
import { analysedBandNm, DetectorSaturatedError, saturatedPixelsIn } from '../analysis/saturation.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import { CHANNEL_ORDER, MEASUREMENT_CHANNELS, type MeasurementChannel } from '../instruments/roles.js';

export interface ChannelReading {
  dark: Spectrum;
  sample: Spectrum;
}

/** The readings of the channels measured; a channel the rig does not have is absent. */
export type AcquiredSpectra = Partial<Record<MeasurementChannel, ChannelReading>>;

export interface AcquireOptions {
  /** Ends a scan that is waited for (WaitAbortedError). */
  signal?: AbortSignal;
}

/** PL readings taken again at a shorter integration time before a saturated PL reading fails. */
export const SATURATION_RETRIES = 3;
/** Each retry divides the integration time by this. */
export const SATURATION_SHORTENING = 4;

export async function acquireChannel(rig: Rig, channel: MeasurementChannel, options: AcquireOptions = {}): Promise<ChannelReading> {
  const roles = MEASUREMENT_CHANNELS[channel];
  const light = rig.light(roles.light);
  const spectrometer = rig.spectrometer(roles.spectrometer);
  const band = analysedBandNm(channel);
  const take = async (): Promise<ChannelReading> => {
    await light.setOn(false);
    const dark = await spectrometer.acquire({ signal: options.signal });
    await light.setOn(true);
    const sample = await spectrometer.acquire({ signal: options.signal });
    await light.setOn(false);
    return { dark, sample };
  };
  const saturatedIn = (reading: ChannelReading) => Math.max(saturatedPixelsIn(reading.dark, band), saturatedPixelsIn(reading.sample, band));

  const first = await take();
  const firstSaturated = saturatedIn(first);
  if (firstSaturated === 0) return first;
  const configuredMs = first.sample.integrationTimeMs;
  if (channel === 'absorbance') {
    throw new DetectorSaturatedError(channel, firstSaturated, band, configuredMs, 'the absorbance reference fixes the integration time, so it cannot be shortened');
  }
  let saturated = firstSaturated;
  let integrationMs = configuredMs;
  let outcome: { reading: ChannelReading } | { error: unknown } | undefined;
  try {
    for (let retry = 1; retry <= SATURATION_RETRIES && !outcome; retry++) {
      const shorterMs = integrationMs / SATURATION_SHORTENING;
      try {
        await spectrometer.setIntegrationTimeMs(shorterMs);
      } catch (error) {
        throw new DetectorSaturatedError(channel, saturated, band, integrationMs, `first at ${configuredMs} ms; cannot shorten to ${shorterMs} ms (${(error as Error).message})`);
      }
      integrationMs = shorterMs;
      const reading = await take();
      saturated = saturatedIn(reading);
      if (saturated === 0) outcome = { reading };
    }
    outcome ??= { error: new DetectorSaturatedError(channel, saturated, band, integrationMs, `first at ${configuredMs} ms, still after ${SATURATION_RETRIES} shorter exposures`) };
  } catch (error) {
    outcome = { error };
  }
  // Back to the integration time the run asked for; a failure here only counts if all else went well.
  if (integrationMs !== configuredMs) {
    try {
      await spectrometer.setIntegrationTimeMs(configuredMs);
    } catch (error) {
      if ('reading' in outcome) throw error;
    }
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.reading;
}

/** Each of `channels`, absorbance first. */
export async function acquireSpectra(rig: Rig, channels: readonly MeasurementChannel[], options: AcquireOptions = {}): Promise<AcquiredSpectra> {
  const spectra: AcquiredSpectra = {};
  for (const channel of CHANNEL_ORDER) {
    if (channels.includes(channel)) spectra[channel] = await acquireChannel(rig, channel, options);
  }
  return spectra;
}
