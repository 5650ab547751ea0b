// One stored experiment's spectra as the report draws them: absorbance and dark-corrected,
// smoothed PL recomputed from the raw readings by the campaign's own analysis, averaged into
// 2 nm bins so an SVG with several of them stays small.
import { computeFeatures, type SpectralFeatures } from '../analysis/features.js';
import type { SqliteDatabase } from '../store/database.js';
import { getSpectra } from '../store/experiments.js';

/** The part of the PL spectrum shown: the 380 nm band, the 450 nm STE band and the 600 nm band. */
export const SPECTRUM_RANGE_NM: readonly [number, number] = [340, 760];
export const SPECTRUM_STEP_NM = 2;

/** The absorbance shown: the 300 nm excitation band and the first excitonic features. */
export const ABSORBANCE_RANGE_NM: readonly [number, number] = [250, 500];

export interface BinnedSpectra {
  absorbance: { wavelengthNm: number; signal: number }[];
  pl: { wavelengthNm: number; signal: number }[];
  /** 'counts/s' or 'counts'. */
  plUnit: string;
  features: Omit<SpectralFeatures, 'spectra'>;
}

/** Null for an experiment without spectra (a failed one). */
export function binnedSpectra(db: SqliteDatabase, experimentId: number): BinnedSpectra | null {
  const raw = getSpectra(db, experimentId);
  const { 'absorbance-dark': absDark, 'absorbance-reference': reference, 'absorbance-sample': absSample, 'pl-dark': plDark, 'pl-sample': plSample } = raw;
  const absorbance = absDark && reference && absSample ? { dark: absDark, reference, sample: absSample } : undefined;
  const pl = plDark && plSample ? { dark: plDark, sample: plSample } : undefined;
  if (!absorbance && !pl) return null;
  const { spectra, ...features } = computeFeatures({ absorbance, pl });
  const absorbanceValues = spectra.absorbance.absorbance.map((v) => (v === null ? Number.NaN : v));
  return {
    absorbance: absorbance ? binSpectrum(spectra.absorbance.wavelengthsNm, absorbanceValues, ABSORBANCE_RANGE_NM, SPECTRUM_STEP_NM) : [],
    pl: pl ? binSpectrum(spectra.pl.wavelengthsNm, spectra.pl.smoothed, SPECTRUM_RANGE_NM, SPECTRUM_STEP_NM) : [],
    plUnit: features.plUnit === 'countsPerS' ? 'counts/s' : features.plUnit,
    features,
  };
}

/** Mean signal in bins of `stepNm` over `rangeNm` (bins without a pixel are left out). */
export function binSpectrum(wavelengthsNm: ArrayLike<number>, signal: ArrayLike<number>, rangeNm: readonly [number, number], stepNm: number): { wavelengthNm: number; signal: number }[] {
  const [low, high] = rangeNm;
  const bins = Math.ceil((high - low) / stepNm);
  const sums = new Float64Array(bins);
  const counts = new Uint32Array(bins);
  for (let i = 0; i < wavelengthsNm.length; i++) {
    const w = wavelengthsNm[i];
    if (!(w >= low && w < high) || !Number.isFinite(signal[i])) continue;
    const b = Math.min(bins - 1, Math.floor((w - low) / stepNm));
    sums[b] += signal[i];
    counts[b] += 1;
  }
  const out: { wavelengthNm: number; signal: number }[] = [];
  for (let b = 0; b < bins; b++) if (counts[b] > 0) out.push({ wavelengthNm: low + (b + 0.5) * stepNm, signal: sums[b] / counts[b] });
  return out;
}
