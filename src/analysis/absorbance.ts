// Absorbance from dark, reference (solvent) and sample readings: A = -log10((S - D) / (R - D)).
// Pixels that cannot give a trustworthy A are marked and set to NaN so no average uses them.
import type { Spectrum } from '../domain/spectrum.js';
import { assertSameAcquisition, assertUsableSpectrum } from './spectrum-checks.js';
import { lowerBound, pixelsInside } from './wavelength-range.js';

export const PixelStatus = {
  ok: 0,
  /** Sample, reference or dark at or above the detector ceiling. */
  saturated: 1,
  /** Reference barely above dark: the lamp gives no usable light there. */
  noLight: 2,
  /** Sample at or below dark: absorbance above what the reading can measure. */
  opaque: 3,
} as const;
export type PixelStatusCode = (typeof PixelStatus)[keyof typeof PixelStatus];

export interface AbsorbanceReadings {
  dark: Spectrum;
  reference: Spectrum;
  sample: Spectrum;
}

export interface AbsorbanceOptions {
  /** A pixel needs at least this many reference counts above dark. Default 50. */
  minReferenceCounts?: number;
  /** ...and at least this fraction of the brightest reference pixel above dark. Default 0.01. */
  minReferenceFraction?: number;
}

export const DEFAULT_ABSORBANCE_OPTIONS: Required<AbsorbanceOptions> = {
  minReferenceCounts: 50,
  minReferenceFraction: 0.01,
};

export interface ExcludedPixelCounts {
  saturated: number;
  noLight: number;
  opaque: number;
}

export interface AbsorbanceSpectrum {
  wavelengthsNm: Float64Array;
  /** NaN wherever status is not ok. */
  absorbance: Float64Array;
  status: Uint8Array;
  excluded: ExcludedPixelCounts;
}

export function absorbanceSpectrum(readings: AbsorbanceReadings, options: AbsorbanceOptions = {}): AbsorbanceSpectrum {
  const { minReferenceCounts, minReferenceFraction } = { ...DEFAULT_ABSORBANCE_OPTIONS, ...options };
  const { dark, reference, sample } = readings;
  assertUsableSpectrum(sample, 'absorbance sample');
  assertSameAcquisition(sample, dark, 'absorbance dark');
  assertSameAcquisition(sample, reference, 'absorbance reference');

  const n = sample.counts.length;
  const d = dark.counts;
  const r = reference.counts;
  const s = sample.counts;
  let brightestReference = 0;
  for (let i = 0; i < n; i++) {
    if (r[i] < reference.saturationCounts) brightestReference = Math.max(brightestReference, r[i] - d[i]);
  }
  const minLight = Math.max(minReferenceCounts, minReferenceFraction * brightestReference);

  const absorbance = new Float64Array(n);
  const status = new Uint8Array(n);
  const excluded: ExcludedPixelCounts = { saturated: 0, noLight: 0, opaque: 0 };
  for (let i = 0; i < n; i++) {
    const referenceLight = r[i] - d[i];
    const sampleLight = s[i] - d[i];
    let code: PixelStatusCode = PixelStatus.ok;
    if (s[i] >= sample.saturationCounts || r[i] >= reference.saturationCounts || d[i] >= dark.saturationCounts) {
      code = PixelStatus.saturated;
      excluded.saturated++;
    } else if (referenceLight < minLight) {
      code = PixelStatus.noLight;
      excluded.noLight++;
    } else if (sampleLight <= 0) {
      code = PixelStatus.opaque;
      excluded.opaque++;
    }
    status[i] = code;
    absorbance[i] = code === PixelStatus.ok ? -Math.log10(sampleLight / referenceLight) : Number.NaN;
  }
  return { wavelengthsNm: sample.wavelengthsNm, absorbance, status, excluded };
}

export interface AbsorbanceReading {
  /** Mean absorbance of the usable pixels in the window; null when none is usable. */
  absorbance: number | null;
  pixelsUsed: number;
  excluded: ExcludedPixelCounts;
}

export interface AbsorbanceAtOptions {
  /** Average the pixels within +-halfWidthNm of the wavelength. Default 2 nm. */
  halfWidthNm?: number;
}

/**
 * Absorbance at a wavelength: the mean over usable pixels within +-halfWidthNm, or a linear
 * interpolation between the two neighbouring pixels when the window holds no pixel.
 */
export function absorbanceAt(
  wavelengthNm: number,
  spectrum: AbsorbanceSpectrum,
  options: AbsorbanceAtOptions = {},
): AbsorbanceReading {
  const halfWidthNm = options.halfWidthNm ?? 2;
  if (!(halfWidthNm >= 0)) throw new Error(`halfWidthNm must be >= 0, got ${halfWidthNm}`);
  const { wavelengthsNm, absorbance, status } = spectrum;
  const excluded: ExcludedPixelCounts = { saturated: 0, noLight: 0, opaque: 0 };
  const n = wavelengthsNm.length;
  if (wavelengthNm < wavelengthsNm[0] || wavelengthNm > wavelengthsNm[n - 1]) {
    return { absorbance: null, pixelsUsed: 0, excluded };
  }

  const { first, last } = pixelsInside(wavelengthsNm, [wavelengthNm - halfWidthNm, wavelengthNm + halfWidthNm]);
  if (first > last) {
    const right = Math.min(Math.max(lowerBound(wavelengthsNm, wavelengthNm), 1), n - 1);
    return interpolated(wavelengthNm, spectrum, right - 1, right);
  }
  let sum = 0;
  let used = 0;
  for (let i = first; i <= last; i++) {
    if (status[i] === PixelStatus.ok) {
      sum += absorbance[i];
      used++;
    } else {
      countExcluded(excluded, status[i]);
    }
  }
  return { absorbance: used > 0 ? sum / used : null, pixelsUsed: used, excluded };
}

function interpolated(wavelengthNm: number, spectrum: AbsorbanceSpectrum, left: number, right: number): AbsorbanceReading {
  const { wavelengthsNm, absorbance, status } = spectrum;
  const excluded: ExcludedPixelCounts = { saturated: 0, noLight: 0, opaque: 0 };
  if (status[left] !== PixelStatus.ok) countExcluded(excluded, status[left]);
  if (status[right] !== PixelStatus.ok) countExcluded(excluded, status[right]);
  if (status[left] !== PixelStatus.ok || status[right] !== PixelStatus.ok) {
    return { absorbance: null, pixelsUsed: 0, excluded };
  }
  const fraction = (wavelengthNm - wavelengthsNm[left]) / (wavelengthsNm[right] - wavelengthsNm[left]);
  return {
    absorbance: absorbance[left] + fraction * (absorbance[right] - absorbance[left]),
    pixelsUsed: 2,
    excluded,
  };
}

function countExcluded(excluded: ExcludedPixelCounts, code: number): void {
  if (code === PixelStatus.saturated) excluded.saturated++;
  else if (code === PixelStatus.noLight) excluded.noLight++;
  else if (code === PixelStatus.opaque) excluded.opaque++;
}
