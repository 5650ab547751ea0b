// PL features from a dark and a sample reading of the PL spectrometer: dark-corrected signal
// (counts per second by default, so readings at different integration times compare),
// optional baseline removal, Savitzky-Golay smoothing, then the main band and window areas.
import { sgg } from 'ml-savitzky-golay-generalized';
import { xMedian, xNoiseStandardDeviation } from 'ml-spectra-processing';
import type { Spectrum } from '../domain/spectrum.js';
import type { MainBand, SecondaryBandMethod } from './pl-band.js';
import { measureMainBand, secondaryBandArea, windowArea } from './pl-band.js';
import { assertSameAcquisition, assertUsableSpectrum } from './spectrum-checks.js';
import type { WavelengthRangeNm } from './wavelength-range.js';
import { assertRange, meanSpacingNm, pixelsInside } from './wavelength-range.js';

export type { MainBand, SecondaryBandMethod } from './pl-band.js';
export { measureMainBand, secondaryBandArea, windowArea } from './pl-band.js';

export interface PlReadings {
  dark: Spectrum;
  sample: Spectrum;
}

/**
 * Baseline left after dark subtraction (stray light, dark drift). 'offset' subtracts the
 * mean of the windows' median signals; 'linear' subtracts the line through the medians of
 * two windows. The windows must be free of emission and LED scatter on the rig in use.
 */
export type PlBaseline =
  | { mode: 'none' }
  | { mode: 'offset'; windowsNm?: readonly WavelengthRangeNm[] }
  | { mode: 'linear'; windowsNm?: readonly [WavelengthRangeNm, WavelengthRangeNm] };

export interface PlOptions {
  /** Divide dark-corrected counts by the integration time in s. Default true. */
  normaliseByIntegrationTime?: boolean;
  /** Default { mode: 'none' }: dark subtraction already removes the detector offset. */
  baseline?: PlBaseline;
  /** Savitzky-Golay window in nm (converted to an odd pixel count >= 5); 0 turns smoothing off. Default 5. */
  smoothingWindowNm?: number;
  /** Savitzky-Golay polynomial degree. Default 3. */
  smoothingPolynomial?: number;
  /** Where the main-band maximum is looked for. Default [400, 520] nm. */
  peakSearchNm?: WavelengthRangeNm;
  /** Fraction of the maximum above which points enter the parabolic top fit. Default 0.9. */
  peakTopFraction?: number;
  /** Peak wavelength and FWHM are reported only when the top is this many noise SDs high. Default 5. */
  minPeakSnr?: number;
  /** Main-band area window. Default [380, 560] nm. */
  mainAreaNm?: WavelengthRangeNm;
  /** Excess-oleic-acid band window. Default [360, 400] nm. */
  band380Nm?: WavelengthRangeNm;
  /** Low-temperature second-population band window. Default [560, 660] nm. */
  band600Nm?: WavelengthRangeNm;
  /** How secondary-band areas treat the main band's tail. Default 'residual'. */
  secondaryBandMethod?: SecondaryBandMethod;
}

/** Red of the 600 nm band for an offset; a second window between the LED line and the 380 nm band for a line. */
export const DEFAULT_OFFSET_BASELINE_WINDOWS_NM: readonly WavelengthRangeNm[] = [[720, 800]];
export const DEFAULT_LINEAR_BASELINE_WINDOWS_NM: readonly [WavelengthRangeNm, WavelengthRangeNm] = [
  [320, 335],
  [720, 800],
];

export const DEFAULT_PL_OPTIONS: Required<PlOptions> = {
  normaliseByIntegrationTime: true,
  baseline: { mode: 'none' },
  smoothingWindowNm: 5,
  smoothingPolynomial: 3,
  peakSearchNm: [400, 520],
  peakTopFraction: 0.9,
  minPeakSnr: 5,
  mainAreaNm: [380, 560],
  band380Nm: [360, 400],
  band600Nm: [560, 660],
  secondaryBandMethod: 'residual',
};

export interface CorrectedPl {
  wavelengthsNm: Float64Array;
  /** Dark- (and baseline-) corrected signal, in `unit`. */
  signal: Float64Array;
  /** Savitzky-Golay smoothed signal (equal to `signal` when smoothing is off). */
  smoothed: Float64Array;
  unit: 'countsPerS' | 'counts';
  /** Per-pixel noise SD of `signal`, estimated from pixel-to-pixel differences in the analysed range. */
  noiseSd: number;
  /** Sample pixels at the detector ceiling inside the analysed range / anywhere. */
  saturatedPixels: { analysedRange: number; total: number };
  smoothingWindowPixels: number;
  warnings: string[];
}

export interface PlAnalysis {
  corrected: CorrectedPl;
  mainBand: MainBand;
  /** Main-band area, signal unit x nm. */
  area: number | null;
  band380Area: number | null;
  band600Area: number | null;
  saturated: boolean;
  warnings: string[];
}

export function resolvePlOptions(options: PlOptions = {}): Required<PlOptions> {
  const resolved = { ...DEFAULT_PL_OPTIONS, ...options };
  assertRange(resolved.peakSearchNm, 'peakSearchNm');
  assertRange(resolved.mainAreaNm, 'mainAreaNm');
  assertRange(resolved.band380Nm, 'band380Nm');
  assertRange(resolved.band600Nm, 'band600Nm');
  if (!(resolved.peakTopFraction > 0 && resolved.peakTopFraction < 1)) {
    throw new Error(`peakTopFraction must be in (0, 1), got ${resolved.peakTopFraction}`);
  }
  if (!(resolved.smoothingWindowNm >= 0)) throw new Error(`smoothingWindowNm must be >= 0, got ${resolved.smoothingWindowNm}`);
  return resolved;
}

/** The wavelengths every PL feature looks at. */
export function analysedRangeNm(options: Required<PlOptions>): WavelengthRangeNm {
  const ranges = [options.peakSearchNm, options.mainAreaNm, options.band380Nm, options.band600Nm];
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}

export function correctPl(readings: PlReadings, options: PlOptions = {}): CorrectedPl {
  const resolved = resolvePlOptions(options);
  const { dark, sample } = readings;
  assertUsableSpectrum(sample, 'PL sample');
  assertSameAcquisition(sample, dark, 'PL dark');
  const warnings: string[] = [];
  const wavelengthsNm = sample.wavelengthsNm;
  const n = wavelengthsNm.length;
  const scale = resolved.normaliseByIntegrationTime ? 1000 / sample.integrationTimeMs : 1;
  const signal = new Float64Array(n);
  for (let i = 0; i < n; i++) signal[i] = (sample.counts[i] - dark.counts[i]) * scale;
  subtractBaseline(wavelengthsNm, signal, resolved.baseline, warnings);

  const range = analysedRangeNm(resolved);
  const inside = pixelsInside(wavelengthsNm, range);
  let saturatedInRange = 0;
  let saturatedTotal = 0;
  for (let i = 0; i < n; i++) {
    if (sample.counts[i] >= sample.saturationCounts) {
      saturatedTotal++;
      if (i >= inside.first && i <= inside.last) saturatedInRange++;
    }
  }
  if (saturatedInRange > 0) {
    warnings.push(`PL detector saturated on ${saturatedInRange} pixel(s) in ${range[0]}-${range[1]} nm: lower the integration time`);
  } else if (saturatedTotal > 0) {
    warnings.push(`PL detector saturated on ${saturatedTotal} pixel(s) outside the analysed range`);
  }

  const windowPixels = smoothingWindowPixels(wavelengthsNm, range, resolved.smoothingWindowNm, n);
  let smoothed: Float64Array = signal;
  if (windowPixels > 0) {
    // Smoothing weights do not depend on the pixel spacing (only derivatives do), so a unit
    // step gives the same result as the axis without sgg's per-pixel spacing pass.
    smoothed = sgg(signal, 1, {
      windowSize: windowPixels,
      polynomial: Math.min(resolved.smoothingPolynomial, windowPixels - 2),
    });
  } else if (resolved.smoothingWindowNm > 0) {
    warnings.push('PL spectrum too short to smooth: peak found on the raw signal');
  }

  return {
    wavelengthsNm,
    signal,
    smoothed,
    unit: resolved.normaliseByIntegrationTime ? 'countsPerS' : 'counts',
    noiseSd: pixelNoiseSd(signal, inside.first, inside.last),
    saturatedPixels: { analysedRange: saturatedInRange, total: saturatedTotal },
    smoothingWindowPixels: windowPixels,
    warnings,
  };
}

export function analysePl(readings: PlReadings, options: PlOptions = {}): PlAnalysis {
  const resolved = resolvePlOptions(options);
  const corrected = correctPl(readings, resolved);
  const { wavelengthsNm, signal, smoothed } = corrected;
  const mainBand = measureMainBand(wavelengthsNm, smoothed, {
    searchNm: resolved.peakSearchNm,
    topFraction: resolved.peakTopFraction,
    minPeakSnr: resolved.minPeakSnr,
    noiseSd: corrected.noiseSd,
  });
  const main = windowArea(wavelengthsNm, signal, resolved.mainAreaNm, 'PL area');
  const method = resolved.secondaryBandMethod;
  const band380 = secondaryBandArea(wavelengthsNm, signal, resolved.band380Nm, mainBand, method, '380 nm band');
  const band600 = secondaryBandArea(wavelengthsNm, signal, resolved.band600Nm, mainBand, method, '600 nm band');
  return {
    corrected,
    mainBand,
    area: main.area,
    band380Area: band380.area,
    band600Area: band600.area,
    saturated: corrected.saturatedPixels.analysedRange > 0,
    warnings: [...corrected.warnings, ...mainBand.warnings, ...main.warnings, ...band380.warnings, ...band600.warnings],
  };
}

function smoothingWindowPixels(wavelengthsNm: Float64Array, range: WavelengthRangeNm, windowNm: number, n: number): number {
  if (windowNm === 0) return 0;
  const spacingNm = meanSpacingNm(wavelengthsNm, range);
  let pixels = Math.max(5, Math.round(windowNm / spacingNm));
  if (pixels % 2 === 0) pixels += 1;
  return pixels <= n ? pixels : 0;
}

/** Noise SD from neighbouring-pixel differences (robust MAD), which a smooth band barely affects. */
function pixelNoiseSd(signal: Float64Array, first: number, last: number): number {
  const from = Math.max(1, first);
  if (last - from < 2) return 0;
  const differences = new Float64Array(last - from + 1);
  for (let i = from; i <= last; i++) differences[i - from] = signal[i] - signal[i - 1];
  return xNoiseStandardDeviation(differences).sd / Math.SQRT2;
}

function subtractBaseline(wavelengthsNm: Float64Array, signal: Float64Array, baseline: PlBaseline, warnings: string[]): void {
  if (baseline.mode === 'none') return;
  const windows =
    baseline.windowsNm ?? (baseline.mode === 'offset' ? DEFAULT_OFFSET_BASELINE_WINDOWS_NM : DEFAULT_LINEAR_BASELINE_WINDOWS_NM);
  const levels = windows.map((range) => windowLevel(wavelengthsNm, signal, range));
  if (levels.some((level) => level === null)) {
    warnings.push('PL baseline window holds no pixel: baseline not subtracted');
    return;
  }
  const points = levels as { wavelengthNm: number; level: number }[];
  if (baseline.mode === 'offset') {
    const offset = points.reduce((sum, p) => sum + p.level, 0) / points.length;
    for (let i = 0; i < signal.length; i++) signal[i] -= offset;
    return;
  }
  const [a, b] = points;
  const slope = (b.level - a.level) / (b.wavelengthNm - a.wavelengthNm);
  for (let i = 0; i < signal.length; i++) signal[i] -= a.level + slope * (wavelengthsNm[i] - a.wavelengthNm);
}

function windowLevel(wavelengthsNm: Float64Array, signal: Float64Array, range: WavelengthRangeNm): { wavelengthNm: number; level: number } | null {
  const { first, last } = pixelsInside(wavelengthsNm, range);
  if (first > last) return null;
  return {
    wavelengthNm: xMedian(wavelengthsNm.subarray(first, last + 1)),
    level: xMedian(signal.subarray(first, last + 1)),
  };
}
