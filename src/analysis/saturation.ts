// Saturation where the analysis looks. A pixel at the detector ceiling has lost counts, so a
// feature computed over it is wrong without looking wrong: PL comes out too low (down to 0 when
// dark and sample are both flooded), absorbance off in either direction. A reading with such a
// pixel in the band its channel's features use is not a measurement and must not be analysed.
import type { Spectrum } from '../domain/spectrum.js';
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from './features.js';
import { analysedRangeNm, resolvePlOptions } from './photoluminescence.js';
import { pixelsInside, type WavelengthRangeNm } from './wavelength-range.js';

export type SaturationChannel = 'absorbance' | 'pl';

/** The wavelengths a channel's features are computed from: Abs300's window, or every PL window. */
export function analysedBandNm(channel: SaturationChannel, options: FeatureOptions = {}): WavelengthRangeNm {
  if (channel === 'pl') return analysedRangeNm(resolvePlOptions(options.pl));
  const centreNm = options.absorbanceWavelengthNm ?? DEFAULT_FEATURE_OPTIONS.absorbanceWavelengthNm;
  const halfWidthNm = options.absorbanceHalfWidthNm ?? DEFAULT_FEATURE_OPTIONS.absorbanceHalfWidthNm;
  // At least the two pixels around the centre, which an interpolated reading uses.
  return [centreNm - Math.max(halfWidthNm, 0.5), centreNm + Math.max(halfWidthNm, 0.5)];
}

/** Pixels of `spectrum` inside `bandNm` at or above its detector ceiling. */
export function saturatedPixelsIn(spectrum: Spectrum, bandNm: WavelengthRangeNm): number {
  const { first, last } = pixelsInside(spectrum.wavelengthsNm, bandNm);
  let saturated = 0;
  for (let i = first; i <= last; i++) if (spectrum.counts[i] >= spectrum.saturationCounts) saturated++;
  return saturated;
}

/** A reading (or the solvent blank) saturated in its channel's analysed band. */
export class DetectorSaturatedError extends Error {
  constructor(
    readonly channel: SaturationChannel,
    readonly saturatedPixels: number,
    readonly bandNm: WavelengthRangeNm,
    readonly integrationTimeMs: number,
    detail = '',
  ) {
    super(`${channel} detector saturated: ${saturatedPixels} pixel(s) at the ceiling in ${bandNm[0]}-${bandNm[1]} nm at ${integrationTimeMs} ms integration${detail ? `; ${detail}` : ''}; no value is reported from this reading`);
    this.name = 'DetectorSaturatedError';
  }
}
